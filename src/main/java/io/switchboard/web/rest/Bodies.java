package io.switchboard.web.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.JsonInput;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies with a size limit that holds for chunked bodies too: reading stops, and
 * the request fails with 413, as soon as the limit is passed, whatever Content-Length said. Bodies
 * of a fixed shape are bound to records ({@link #bind}). Parsing enforces the JSON limits
 * ({@link JsonInput}: nesting depth, string length) as it reads.
 */
final class Bodies {
  /** Binds request records strictly: every field must be one the record has. */
  private static final ObjectMapper BINDER = Json.MAPPER.copy()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final long limit;
  private final JsonInput json;

  /**
   * @param limit largest body, in bytes
   * @param json  the nesting and string limits bodies are parsed with
   */
  Bodies(long limit, JsonInput json) {
    this.limit = limit;
    this.json = json;
  }

  ObjectNode object(InputStream in) {
    return json.parseObject(read(in));
  }

  JsonNode any(InputStream in) {
    return json.parse(read(in));
  }

  /**
   * The body (a JSON object) bound to {@code type}, a record of the request's fields; unknown
   * fields and mistyped values are {@link Problem#VALIDATION_FAILED}, naming the field. With
   * {@code optional}, an empty body is null.
   */
  <T> T bind(InputStream in, Class<T> type, boolean optional) {
    byte[] bytes = read(in);
    if (optional && bytes.length == 0) {
      return null;
    }
    JsonNode tree = json.parse(bytes);
    if (!tree.isObject()) {
      throw invalid("The body must be a JSON object.");
    }
    try {
      return BINDER.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw invalid("Unknown field \"" + e.getPropertyName() + "\"; allowed: " + e.getKnownPropertyIds().stream()
          .map(String::valueOf).sorted().toList() + ".");
    } catch (MismatchedInputException e) {
      throw invalid(Json.mismatch(e, "body"));
    } catch (JsonProcessingException e) {
      throw invalid("The body could not be read: " + e.getOriginalMessage());
    }
  }

  private static SwitchboardException invalid(String detail) {
    return new SwitchboardException(Problem.VALIDATION_FAILED, detail);
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
