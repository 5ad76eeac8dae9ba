package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.SwitchboardException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile patches of both formats against random documents: every outcome is a result
 * or a Switchboard 4xx problem, never another exception (which the server would answer with a
 * 500), and a refused patch leaves its target untouched. Seeded, so a failure reproduces.
 */
class PatchFuzzTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> OPS = List.of("add", "remove", "replace", "move", "copy", "test", "nope", "");
  private static final List<String> SEGMENTS = List.of("a", "b", "0", "1", "-", "-1", "01", "99999999999", "~0",
      "~1", "~01", "~", "~2", "", " ", "é", "a/b", "%2F");
  private final Random random = new Random(19);

  private JsonNode value(int depth) {
    return switch (random.nextInt(depth > 2 ? 5 : 7)) {
      case 0 -> F.numberNode(random.nextInt(5));
      case 1 -> F.textNode(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
      case 2 -> F.booleanNode(random.nextBoolean());
      case 3 -> F.nullNode();
      case 4 -> F.numberNode(random.nextDouble());
      case 5 -> {
        ArrayNode a = F.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(value(depth + 1));
        }
        yield a;
      }
      default -> object(depth + 1);
    };
  }

  private ObjectNode object(int depth) {
    ObjectNode o = F.objectNode();
    for (int i = random.nextInt(4); i > 0; i--) {
      o.set(SEGMENTS.get(random.nextInt(4)), value(depth));
    }
    return o;
  }

  private String pointer() {
    if (random.nextInt(10) == 0) {
      return List.of("", "a", "/a/", "//", "#/a", "/a~").get(random.nextInt(6));
    }
    StringBuilder p = new StringBuilder();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      p.append('/').append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
    }
    return p.toString();
  }

  private JsonNode jsonPatch() {
    if (random.nextInt(12) == 0) {
      return value(0);
    }
    ArrayNode patch = F.arrayNode();
    for (int i = random.nextInt(4); i > 0; i--) {
      ObjectNode op = F.objectNode();
      if (random.nextInt(15) != 0) {
        op.put("op", OPS.get(random.nextInt(OPS.size())));
      }
      if (random.nextInt(15) != 0) {
        op.put("path", pointer());
      }
      if (random.nextBoolean()) {
        op.put("from", pointer());
      }
      if (random.nextInt(4) != 0) {
        op.set("value", value(0));
      }
      patch.add(random.nextInt(20) == 0 ? value(0) : op);
    }
    return patch;
  }

  @Test
  void no_patch_ends_in_anything_but_a_result_or_a_4xx_problem_and_refusals_change_nothing() {
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      ObjectNode target = object(0);
      ObjectNode before = target.deepCopy();
      boolean json = random.nextBoolean();
      JsonNode patch = json ? jsonPatch() : value(0);
      try {
        (json ? Patches.JSON_PATCH : Patches.MERGE).apply(target, patch);
      } catch (SwitchboardException e) {
        refused++;
        assertTrue(e.problem().status >= 400 && e.problem().status < 500, e.problem() + " for " + patch);
      } catch (RuntimeException e) {
        fail("a " + e.getClass().getName() + " (a 500) for the patch " + patch + " of " + before, e);
      }
      assertEquals(before, target, "the target is never changed in place: " + patch);
    }
    System.out.println("patch fuzz: 20000 patches, " + refused + " refused with a 4xx problem");
  }
}
