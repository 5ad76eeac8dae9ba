package io.switchboard.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a subscription listens to: a whole collection ({@code todos}), one document
 * ({@code todos/42}) or a pub/sub channel ({@code chat:lobby}, a {@code namespace:name}).
 * Document events are logged under their collection's name; channel messages under the channel's.
 */
public record Topic(String name, String collection, String documentId) {
  private static final Pattern SYNTAX = Pattern.compile(
      "([a-z][a-z0-9_-]{0,63})(?:/([A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,127})|:([A-Za-z0-9_.~-]{1,128}))?");

  /** Parses a topic name; anything else is {@link Problem#INVALID_REQUEST}. */
  public static Topic parse(String name) {
    Matcher m = name == null ? null : SYNTAX.matcher(name);
    if (m == null || !m.matches()) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "'" + name + "' is not a topic: use a collection"
          + " (todos), a document (todos/42) or a channel (namespace:name).");
    }
    return new Topic(name, m.group(3) == null ? m.group(1) : null, m.group(2));
  }

  public boolean isChannel() {
    return collection == null;
  }

  /** A channel's namespace (the part before {@code :}); null for a collection or document topic. */
  public String namespace() {
    return isChannel() ? name.substring(0, name.indexOf(':')) : null;
  }

  /** The topic under which this topic's events are logged. */
  public String logTopic() {
    return isChannel() ? name : collection;
  }

  public boolean matches(Event event) {
    return event.topic().equals(logTopic()) && (documentId == null || documentId.equals(event.id()));
  }

  @Override
  public String toString() {
    return name;
  }
}
