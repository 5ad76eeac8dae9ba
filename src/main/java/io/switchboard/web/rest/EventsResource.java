package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.documents.DocumentService;
import io.switchboard.documents.DocumentService.Read;
import io.switchboard.model.Cursor;
import io.switchboard.model.Event;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /admin/events?after=<cursor>&limit=<n>}: a page of the durable event log, oldest
 * first, for operators and debugging. {@code next} is the cursor to pass as {@code after} for the
 * following page; the {@code Switchboard-Cursor} header is the log's newest position.
 */
@Path("admin/events")
public final class EventsResource {
  private final DocumentService documents;

  public EventsResource(DocumentService documents) {
    this.documents = documents;
  }

  @GET
  @Produces(JSON)
  public Response page(@QueryParam("after") @DefaultValue("0") String after,
                       @QueryParam("limit") @DefaultValue("100") String limit) {
    Cursor from = Cursor.parse(after);
    Read<List<Event>> read = documents.events(from, parseLimit(limit));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode events = body.putArray("events");
    read.value().forEach(event -> events.add(event.toJson()));
    body.put("next", read.value().isEmpty() ? from.toString() : read.value().get(read.value().size() - 1)
        .cursor().toString());
    return Response.ok(body).header(Representations.CURSOR, read.cursor().toString()).build();
  }

  private static int parseLimit(String limit) {
    try {
      return Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
