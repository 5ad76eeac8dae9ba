package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/** Random and hostile JSON values, JSON Pointers and patches for the fuzz tests, drawn from one seeded {@link Random}. */
final class Fuzz {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> OPS = List.of("add", "remove", "replace", "move", "copy", "test", "nope", "");
  private static final List<String> SEGMENTS = List.of("a", "b", "0", "1", "-", "-1", "01", "99999999999", "~0",
      "~1", "~01", "~", "~2", "", " ", "é", "a/b", "%2F");
  private final Random random;

  Fuzz(Random random) {
    this.random = random;
  }

  JsonNode value(int depth) {
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

  ObjectNode object(int depth) {
    ObjectNode o = F.objectNode();
    for (int i = random.nextInt(4); i > 0; i--) {
      o.set(SEGMENTS.get(random.nextInt(4)), value(depth));
    }
    return o;
  }

  String pointer() {
    if (random.nextInt(10) == 0) {
      return List.of("", "a", "/a/", "//", "#/a", "/a~").get(random.nextInt(6));
    }
    StringBuilder p = new StringBuilder();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      p.append('/').append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
    }
    return p.toString();
  }

  JsonNode jsonPatch() {
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
}
