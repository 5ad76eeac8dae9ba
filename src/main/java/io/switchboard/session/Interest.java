package io.switchboard.session;

import java.util.List;
import java.util.Map;

/**
 * What a transport asks a connection to subscribe to, as the client sent it; the core validates it
 * the same way for every transport ({@link Connection#subscribe}).
 *
 * @param sub      the subscription's name on the connection (1-64 characters); every event it
 *                 delivers carries it as {@code sub}
 * @param topics   1 to the configured number (default {@value Realtime#MAX_TOPICS}) of topic names
 * @param filter   live-query parameters in the list-query syntax ({@code done=false},
 *                 {@code priority:gte=2}); only for collection topics; may be empty
 * @param cursor   where to start (exclusive), or null for now
 * @param presence whether to receive joins and leaves on the topics
 */
public record Interest(String sub, List<String> topics, Map<String, List<String>> filter, String cursor,
                       boolean presence) {
  public Interest {
    topics = topics == null ? List.of() : List.copyOf(topics);
    filter = filter == null ? Map.of() : Map.copyOf(filter);
  }

  /** The same interest starting after {@code cursor} instead. */
  public Interest from(String cursor) {
    return new Interest(sub, topics, filter, cursor, presence);
  }
}
