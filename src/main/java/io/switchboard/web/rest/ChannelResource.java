package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.documents.DocumentService;
import io.switchboard.model.Cursor;
import io.switchboard.web.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * {@code POST /realtime/channels/{namespace:name}} with any JSON body: publishes it as a
 * {@code message} event on the channel. {@code 202 Accepted} with the event's cursor: the message
 * is committed to the log and on its way to subscribers.
 */
@Path("realtime/channels/{channel}")
public final class ChannelResource {
  private final DocumentService documents;
  private final Bodies bodies;

  public ChannelResource(DocumentService documents, Bodies bodies) {
    this.documents = documents;
    this.bodies = bodies;
  }

  @POST
  @Consumes(JSON)
  @Produces(JSON)
  public Response publish(@PathParam("channel") String channel, InputStream body,
                          @Context HttpServletRequest request) {
    Cursor cursor = documents.publish(Callers.identity(request), channel, bodies.any(body));
    return Response.accepted(JsonNodeFactory.instance.objectNode().put("cursor", cursor.toString()))
        .header(Representations.CURSOR, cursor.toString()).build();
  }
}
