package io.switchboard.web;

import io.switchboard.documents.DocumentService;
import io.switchboard.model.Cursor;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP realtime endpoints (SSE, NDJSON stream, long-poll) subscribe to, read from the
 * same query parameters on each: {@code topic=} (1 to {@value #MAX_TOPICS}), and
 * {@code filter.<field>[:op]=value} parameters, which make collection topics a live query
 * ({@code filter.done=false&filter.priority:gte=2} is the query {@code done=false&priority:gte=2}).
 */
public record TopicRequest(List<Topic> topics, List<Query.Filter> filter) {
  public static final int MAX_TOPICS = 32;

  public static TopicRequest parse(List<String> names, UriInfo uri, DocumentService documents) {
    if (names.isEmpty() || names.size() > MAX_TOPICS) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "Give 1 to " + MAX_TOPICS + " topic parameters.");
    }
    List<Topic> topics = names.stream().map(Topic::parse).toList();
    Map<String, List<String>> params = new LinkedHashMap<>();
    uri.getQueryParameters().forEach((name, values) -> {
      if (name.startsWith("filter.")) {
        params.put(name.substring("filter.".length()), values);
      }
    });
    List<Query.Filter> filter = documents.liveQuery(params);
    if (!filter.isEmpty() && topics.stream().anyMatch(t -> t.isChannel() || t.documentId() != null)) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "A filter applies to collection topics only.");
    }
    return new TopicRequest(topics, filter);
  }

  /** The first non-blank of the given cursor texts, parsed, or null if there is none. */
  public static Cursor cursor(String... candidates) {
    for (String text : candidates) {
      if (text != null && !text.isBlank()) {
        return Cursor.parse(text.trim());
      }
    }
    return null;
  }
}
