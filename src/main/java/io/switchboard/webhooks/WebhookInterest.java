package io.switchboard.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Cursor;
import io.switchboard.model.Webhook;
import io.switchboard.session.Interest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as a subscriber: the {@link Interest} it goes through the realtime door with, named
 * by its id, so its topics, filter and cursor are checked by the same rules as every transport's,
 * and every event it is sent names it as {@code sub}.
 */
final class WebhookInterest {
  private WebhookInterest() {}

  static Interest of(String id, List<String> topics, JsonNode filter, Cursor from) {
    return new Interest(id, topics, params(filter), from == null ? null : from.toString(), false);
  }

  static Interest of(Webhook webhook, Cursor from) {
    return of(webhook.id(), webhook.topics(), webhook.filter(), from);
  }

  /** A stored filter object ({@code {"done": "false"}}) as live-query parameters. */
  private static Map<String, List<String>> params(JsonNode filter) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (filter != null) {
      filter.fields().forEachRemaining(e -> params.put(e.getKey(), List.of(e.getValue().asText())));
    }
    return params;
  }
}
