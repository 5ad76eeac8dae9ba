package io.switchboard.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The request bodies of the webhook API, bound by Jackson with unknown fields refused. A field not
 * given is null; on {@link Update}, a {@code filter} given as JSON {@code null} is a
 * {@code NullNode} (clear it), not given at all is null (keep it).
 */
public final class WebhookRequest {
  private WebhookRequest() {}

  /**
   * @param filter an object of live-query parameters ({@code {"done": "false", "priority:gte": 2}})
   * @param cursor where delivery starts (exclusive); default: now
   */
  public record Create(String url, List<String> topics, JsonNode filter, String description, String cursor) {}

  /** Fields given replace the endpoint's; {@code status} is {@code active} or {@code disabled}. */
  public record Update(String url, List<String> topics, JsonNode filter, String description, String status) {}

  /** {@code graceSeconds}: how long the old secret keeps signing (0 to 7 days; default one day). */
  public record Rotate(Long graceSeconds) {}

  /** Deliver everything after {@code cursor} again. */
  public record Replay(String cursor) {}

  /** Deliver the event at {@code event} (a cursor) once more. */
  public record Redeliver(String event) {}
}
