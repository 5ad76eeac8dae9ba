package io.switchboard.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies with a size limit that holds for chunked bodies too: reading stops, and
 * the request fails with 413, as soon as the limit is passed, whatever Content-Length said.
 */
final class Bodies {
  private final long limit;

  Bodies(long limit) {
    this.limit = limit;
  }

  ObjectNode object(InputStream in) {
    return Json.parseObject(read(in));
  }

  JsonNode any(InputStream in) {
    return Json.parse(read(in));
  }

  /** The body as JSON, or null if it is empty (for requests whose body is optional). */
  JsonNode optional(InputStream in) {
    byte[] bytes = read(in);
    return bytes.length == 0 ? null : Json.parse(bytes);
  }

  private byte[] read(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (out.size() + n > limit) {
          throw new SwitchboardException(Problem.TOO_LARGE,
              "The request body is larger than the limit of " + limit + " bytes.");
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The request body could not be read", e);
    }
    return out.toByteArray();
  }
}
