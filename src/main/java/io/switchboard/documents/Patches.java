package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;

/**
 * The two patch formats. JSON Patch (RFC 6902) is applied by zjsonpatch, all or nothing; JSON
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
      try {
        JsonPatch.validate(patch);
      } catch (InvalidJsonPatchException e) {
        throw new SwitchboardException(Problem.INVALID_REQUEST, "Invalid JSON Patch document: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw notAPointer();
      }
      try {
        // Re-read the target so its numbers have the same node types as the patch's (a "test" of
        // /version must see 1 and 1 as equal, not an int and a long).
        // RFC 6902 section 4.2: removing a missing member is an error (zjsonpatch allows it by default).
        return JsonPatch.apply(patch, Json.parseStored(Json.write(target)),
            EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
      } catch (JsonPatchApplicationException e) {
        throw new SwitchboardException(Problem.CONFLICT, "The JSON Patch cannot be applied: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw notAPointer();
      }
    }

    private SwitchboardException notAPointer() {
      return new SwitchboardException(Problem.INVALID_REQUEST,
          "Invalid JSON Patch document: a path is not a JSON Pointer (RFC 6901).");
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
