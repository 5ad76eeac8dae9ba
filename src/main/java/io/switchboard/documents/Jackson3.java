package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.FloatNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/**
 * The validator (networknt 3.x) reads Jackson 3 trees; the server's are Jackson 2. A copy node for
 * node, keeping each number's kind and exact value (no text round trip).
 */
final class Jackson3 {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Jackson3() {}

  static tools.jackson.databind.JsonNode of(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        ObjectNode copy = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          copy.set(field.getKey(), of(field.getValue()));
        }
        return copy;
      }
      case ARRAY -> {
        ArrayNode copy = NODES.arrayNode(node.size());
        for (JsonNode element : node) {
          copy.add(of(element));
        }
        return copy;
      }
      case STRING -> {
        return StringNode.valueOf(node.textValue());
      }
      case BOOLEAN -> {
        return BooleanNode.valueOf(node.booleanValue());
      }
      case NULL, MISSING -> {
        return NullNode.getInstance();
      }
      case NUMBER -> {
        return switch (node.numberType()) {
          case INT -> node.isShort() ? ShortNode.valueOf(node.shortValue()) : IntNode.valueOf(node.intValue());
          case LONG -> LongNode.valueOf(node.longValue());
          case BIG_INTEGER -> BigIntegerNode.valueOf(node.bigIntegerValue());
          case FLOAT -> FloatNode.valueOf(node.floatValue());
          case DOUBLE -> DoubleNode.valueOf(node.doubleValue());
          case BIG_DECIMAL -> DecimalNode.valueOf(node.decimalValue());
        };
      }
      default -> throw new IllegalArgumentException("Not a JSON value: " + node.getNodeType());
    }
  }
}
