package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Params;
import io.switchboard.model.Webhook;
import io.switchboard.model.WebhookAttempt;
import io.switchboard.web.Callers;
import io.switchboard.webhooks.WebhookRequest;
import io.switchboard.webhooks.WebhookService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Locale;

/**
 * Webhook endpoints, {@code /realtime/webhooks}:
 * <ul>
 *   <li>{@code POST} {@code {"url", "topics": [...], "filter"?, "description"?, "cursor"?}}: 201 with
 *       the endpoint and its {@code secret}, which is shown only here and on rotation;</li>
 *   <li>{@code GET} lists, {@code GET /{id}} reads, {@code PATCH /{id}} changes url, topics,
 *       filter, description or status ({@code active}/{@code disabled}), {@code DELETE /{id}};</li>
 *   <li>{@code POST /{id}/rotate} {@code {"graceSeconds"?: 86400}}: a new secret, the old one
 *       still signing (a second signature) during the grace period;</li>
 *   <li>{@code GET /{id}/attempts?limit=}: the delivery log, newest first;</li>
 *   <li>{@code POST /{id}/replay} {@code {"cursor"}}: deliver everything after the cursor again;
 *       {@code POST /{id}/redeliver} {@code {"event"}}: deliver one event again. Both 202.</li>
 * </ul>
 */
@Path("realtime/webhooks")
public final class WebhooksResource {
  private final WebhookService webhooks;
  private final Bodies bodies;

  public WebhooksResource(WebhookService webhooks, Bodies bodies) {
    this.webhooks = webhooks;
    this.bodies = bodies;
  }

  @POST
  @Consumes(JSON)
  @Produces(JSON)
  public Response create(InputStream body, @Context UriInfo uri, @Context HttpServletRequest request) {
    Webhook created = webhooks.create(Callers.identity(request), bodies.bind(body, WebhookRequest.Create.class, false));
    return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
        .entity(view(created).put("secret", created.secret())).build();
  }

  @GET
  @Produces(JSON)
  public ObjectNode list(@Context HttpServletRequest request) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("webhooks");
    webhooks.list(Callers.identity(request)).forEach(w -> list.add(view(w)));
    return body;
  }

  @GET
  @Path("{id}")
  @Produces(JSON)
  public ObjectNode get(@PathParam("id") String id, @Context HttpServletRequest request) {
    return view(webhooks.get(Callers.identity(request), id));
  }

  @PATCH
  @Path("{id}")
  @Consumes({JSON, "application/merge-patch+json"})
  @Produces(JSON)
  public ObjectNode update(@PathParam("id") String id, InputStream body, @Context HttpServletRequest request) {
    return view(webhooks.update(Callers.identity(request), id, bodies.bind(body, WebhookRequest.Update.class, false)));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, @Context HttpServletRequest request) {
    webhooks.delete(Callers.identity(request), id);
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/rotate")
  @Produces(JSON)
  public ObjectNode rotate(@PathParam("id") String id, InputStream body, @Context HttpServletRequest request) {
    Webhook rotated = webhooks.rotate(Callers.identity(request), id, bodies.bind(body, WebhookRequest.Rotate.class, true));
    return view(rotated).put("secret", rotated.secret());
  }

  @GET
  @Path("{id}/attempts")
  @Produces(JSON)
  public ObjectNode attempts(@PathParam("id") String id, @QueryParam("limit") String limit,
                             @Context HttpServletRequest request) {
    int max = Params.bounded("limit", limit, 100, 1, 1000);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("attempts");
    for (WebhookAttempt a : webhooks.attempts(Callers.identity(request), id, max)) {
      ObjectNode json = list.addObject().put("event", Long.toString(a.eventSeq())).put("messageId", a.messageId())
          .put("attempt", a.attempt()).put("outcome", a.outcome()).put("latencyMillis", a.latencyMillis())
          .put("time", a.time().toString());
      json.put("status", a.status());
      json.put("error", a.error());
      json.put("response", a.response());
    }
    return body;
  }

  @POST
  @Path("{id}/replay")
  @Consumes(JSON)
  public Response replay(@PathParam("id") String id, InputStream body, @Context HttpServletRequest request) {
    webhooks.replay(Callers.identity(request), id, bodies.bind(body, WebhookRequest.Replay.class, false));
    return Response.accepted().build();
  }

  @POST
  @Path("{id}/redeliver")
  @Consumes(JSON)
  public Response redeliver(@PathParam("id") String id, InputStream body, @Context HttpServletRequest request) {
    webhooks.redeliver(Callers.identity(request), id, bodies.bind(body, WebhookRequest.Redeliver.class, false));
    return Response.accepted().build();
  }

  private static ObjectNode view(Webhook w) {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("id", w.id()).put("url", w.url())
        .put("description", w.description());
    ArrayNode topics = json.putArray("topics");
    w.topics().forEach(topics::add);
    json.set("filter", w.filter());
    json.put("status", w.status().name().toLowerCase(Locale.ROOT));
    json.put("statusReason", w.statusReason());
    json.put("cursor", Long.toString(w.cursor()));
    json.put("failingSince", w.failingSince() == null ? null : w.failingSince().toString());
    json.put("previousSecretExpiresAt", w.previousUntil() == null ? null : w.previousUntil().toString());
    json.put("createdAt", w.createdAt().toString());
    json.put("updatedAt", w.updatedAt().toString());
    json.put("owner", w.owner());
    return json;
  }
}
