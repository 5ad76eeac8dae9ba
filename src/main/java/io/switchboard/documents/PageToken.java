package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.Query.SortKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code after} token of keyset pagination: base64url of {@code {"s": sort, "k": [sort
 * key values..., id]}}. A token only works with the sort it was issued for.
 */
final class PageToken {
  private PageToken() {}

  static String encode(List<JsonNode> position, List<SortKey> sort) {
    ObjectNode token = JsonNodeFactory.instance.objectNode();
    token.put("s", signature(sort));
    ArrayNode keys = token.putArray("k");
    position.forEach(keys::add);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(token).getBytes(StandardCharsets.UTF_8));
  }

  static List<JsonNode> decode(String text, List<SortKey> sort) {
    JsonNode token;
    try {
      token = Json.parse(Base64.getUrlDecoder().decode(text));
    } catch (RuntimeException e) {
      throw QueryParser.invalid("'after' is not a page token issued by this server.");
    }
    JsonNode keys = token.path("k");
    if (!signature(sort).equals(token.path("s").asText(null)) || !keys.isArray() || keys.size() != sort.size() + 1
        || !keys.get(sort.size()).isTextual()) {
      throw QueryParser.invalid("'after' does not belong to this sort order; request the first page again.");
    }
    List<JsonNode> position = new ArrayList<>();
    keys.forEach(position::add);
    for (int i = 0; i < sort.size(); i++) {
      if (!fits(sort.get(i), position.get(i))) {
        throw QueryParser.invalid("'after' is not a page token issued by this server.");
      }
    }
    return position;
  }

  /** A position value has the type its sort key can hold: a tampered token is refused here. */
  private static boolean fits(SortKey key, JsonNode value) {
    if (!key.field().isServerField()) {
      return value.isValueNode();
    }
    return switch (key.field().toString()) {
      case "id" -> value.isTextual();
      case "owner" -> value.isTextual() || value.isNull();
      default -> value.isIntegralNumber() && value.canConvertToLong();
    };
  }

  private static String signature(List<SortKey> sort) {
    StringBuilder s = new StringBuilder();
    sort.forEach(key -> s.append(key.descending() ? "-" : "+").append(key.field()).append(','));
    return s.toString();
  }
}
