package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The two patch formats. JSON Patch (RFC 6902) is applied by java-json-tools' json-patch, all or
 * nothing (a patch that fails applies no operation; every failure, the library's exceptions
 * included, is a 400 or 409 problem); JSON
 * Merge Patch (RFC 7396) is the RFC's own ten-line algorithm over Jackson trees. Neither mutates
 * its input.
 */
public enum Patches {
  /** {@code application/merge-patch+json} */
  MERGE {
    @Override
    JsonNode apply(ObjectNode target, JsonNode patch) {
      return merge(target.deepCopy(), patch);
    }
  },
  /** {@code application/json-patch+json} */
  JSON_PATCH {
    @Override
    JsonNode apply(ObjectNode target, JsonNode patch) {
      JsonPatch parsed;
      try {
        parsed = JsonPatch.fromJson(patch);
      } catch (IOException | RuntimeException e) {
        // Not an array of operations, an unknown op, a missing member, a path that is no JSON
        // Pointer: the library's message names which, never the patched data.
        throw new SwitchboardException(Problem.INVALID_REQUEST, "Invalid JSON Patch document: " + reason(e));
      }
      try {
        // Re-read the target so its numbers have the node types the patch's have (a "test" of
        // /version must see 1 and 1 as equal, not an int and a long).
        return parsed.apply(Json.parseStored(Json.write(target)));
      } catch (JsonPatchException | RuntimeException e) {
        // A path that does not exist, an index out of bounds, a failed test: well-formed, but it
        // does not apply to this document (RFC 5789 section 2.2: 409).
        throw new SwitchboardException(Problem.CONFLICT, "The JSON Patch cannot be applied: " + reason(e));
      }
    }

    /** The library's message without the JSON it sometimes quotes after a newline. */
    private String reason(Exception e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int newline = message.indexOf('\n');
      return newline < 0 ? message : message.substring(0, newline);
    }
  };

  abstract JsonNode apply(ObjectNode target, JsonNode patch);

  private static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
