package io.switchboard.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;

/**
 * One logged event's wire JSON, encoded once per fan-out and shared by every subscriber:
 * {@code {"cursor","topic","type","id","version","data","time","sub"}}. The body is encoded at most
 * once per type a subscriber sees it as (its own, or a view's {@code enter}/{@code leave}; a
 * {@code leave} carries no data, since its subscriber may not be allowed to see the new body);
 * each delivery only appends its subscription's name. Thread-safe: hub lanes share one instance,
 * and a body computed twice by racing lanes is the same immutable string.
 */
public final class EncodedEvent {
  private final Event event;
  private final String[] bodies = new String[EventType.values().length];

  public EncodedEvent(Event event) {
    this.event = event;
  }

  public Event event() {
    return event;
  }

  /** The event as {@code type}, naming subscription {@code quotedSub} (a {@link Wire#quote}d name, or null for none). */
  public String json(EventType type, String quotedSub) {
    String body = body(type);
    return quotedSub == null ? body + "}" : body + ",\"sub\":" + quotedSub + "}";
  }

  /** The JSON object without its closing brace, so a delivery can append {@code sub}. */
  private String body(EventType type) {
    String body = bodies[type.ordinal()];
    if (body == null) {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("cursor", Long.toString(event.seq()));
      json.put("topic", event.topic());
      json.put("type", type.wire());
      json.put("id", event.id());
      json.put("version", event.version());
      json.set("data", type == EventType.LEAVE ? null : event.data());
      json.put("time", event.time().toString());
      String text = json.toString();
      body = text.substring(0, text.length() - 1);
      bodies[type.ordinal()] = body;
    }
    return body;
  }
}
