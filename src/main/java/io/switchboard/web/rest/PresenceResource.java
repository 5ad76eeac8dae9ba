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
import java.util.Set;
import java.util.SortedSet;

/**
 * {@code GET /realtime/presence/{topic}}: who is subscribed to a topic right now:
 * {@code {"topic", "sessions": n, "members": [{"principal", "sessions": n, "ids": [session ids]}]}}.
 * The ids are those presence events name ({@code session}), so a client that applies the events
 * arriving while this answer is on its way to it, once more, over this list, ends up exact.
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
    Map<String, SortedSet<String>> members = realtime.presence(Callers.identity(request), name);
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("topic", topic.name())
        .put("sessions", members.values().stream().mapToInt(Set::size).sum());
    ArrayNode list = body.putArray("members");
    members.forEach((principal, ids) -> {
      ObjectNode member = list.addObject().put("principal", principal).put("sessions", ids.size());
      ids.forEach(member.putArray("ids")::add);
    });
    return body;
  }
}
