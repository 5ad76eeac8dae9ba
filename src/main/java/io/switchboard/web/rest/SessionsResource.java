package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.protocol.Disconnect;
import io.switchboard.session.Connection;
import io.switchboard.session.Realtime;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /admin/sessions[?transport=sse][&topic=todos]}: every live realtime session of every
 * transport; {@code DELETE /admin/sessions/{id}} disconnects one (reason {@link Disconnect#KICKED}:
 * WebSocket close code 4003, SSE {@code event: close}; the client may reconnect).
 */
@Path("admin/sessions")
public final class SessionsResource {
  private final Realtime realtime;

  public SessionsResource(Realtime realtime) {
    this.realtime = realtime;
  }

  @GET
  @Produces(JSON)
  public ObjectNode list(@QueryParam("transport") String transport, @QueryParam("topic") String topic) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("sessions");
    for (Connection.Info info : realtime.list(transport, topic)) {
      ObjectNode json = list.addObject()
          .put("id", info.id())
          .put("transport", info.transport())
          .put("principal", info.principal())
          .put("scheme", info.scheme())
          .put("expiresAt", info.expiresAt() == null ? null : info.expiresAt().toString())
          .put("remoteAddress", info.remoteAddress())
          .put("connectedAt", info.connectedAt().toString())
          .put("messagesSent", info.messagesSent())
          .put("bytesSent", info.bytesSent())
          .put("queueDepth", info.queueDepth());
      ArrayNode topics = json.putArray("topics");
      info.topics().stream().sorted().forEach(topics::add);
      ObjectNode subscriptions = json.putObject("subscriptions");
      info.subscriptions().forEach((sub, names) -> names.forEach(subscriptions.putArray(sub)::add));
    }
    return body;
  }

  @DELETE
  @Path("{id}")
  public Response disconnect(@PathParam("id") String id) {
    Connection connection = realtime.find(id).orElseThrow(() -> new SwitchboardException(Problem.NOT_FOUND,
        "No live session '" + id + "'."));
    connection.close(Disconnect.KICKED);
    return Response.noContent().build();
  }
}
