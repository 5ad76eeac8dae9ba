package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Topic;
import io.switchboard.session.Realtime;
import io.switchboard.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import java.util.Map;

/**
 * {@code GET /realtime/presence/{topic}}: who is subscribed to a topic right now:
 * {@code {"topic", "sessions": n, "members": [{"principal", "sessions"}]}}.
 */
@Path("realtime/presence/{topic: .+}")
public final class PresenceResource {
  private final Realtime realtime;

  public PresenceResource(Realtime realtime) {
    this.realtime = realtime;
  }

  @GET
  @Produces(JSON)
  public ObjectNode presence(@PathParam("topic") String name, @Context HttpServletRequest request) {
    Topic topic = Topic.parse(name);
    Map<String, Long> members = realtime.presence(Callers.identity(request), name);
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("topic", topic.name())
        .put("sessions", members.values().stream().mapToLong(Long::longValue).sum());
    ArrayNode list = body.putArray("members");
    members.forEach((principal, sessions) -> list.addObject().put("principal", principal).put("sessions", sessions));
    return body;
  }
}
