package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import io.switchboard.documents.DocumentService;
import io.switchboard.documents.DocumentService.Read;
import io.switchboard.model.Cursor;
import io.switchboard.model.Event;
import io.switchboard.model.Params;
import io.switchboard.protocol.EncodedEvent;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /admin/events?after=<cursor>&limit=<n>}: a page of the durable event log, oldest
 * first, for operators and debugging: {@code {"events": [...], "next"}}, where {@code next} is the
 * cursor to pass as {@code after} for the following page; the {@code Switchboard-Cursor} header is
 * the log's newest position. Events have the wire shape of every transport, without {@code sub}.
 */
@Path("admin/events")
public final class EventsResource {
  private static final int DEFAULT_LIMIT = 100;
  private final DocumentService documents;
  private final int maxLimit;

  public EventsResource(DocumentService documents, int maxLimit) {
    this.documents = documents;
    this.maxLimit = maxLimit;
  }

  @GET
  @Produces(JSON)
  public Response page(@QueryParam("after") @DefaultValue("0") String after, @QueryParam("limit") String limit) {
    Cursor from = Cursor.parse(after);
    Read<List<Event>> read = documents.events(from, Params.bounded("limit", limit, DEFAULT_LIMIT, 1, maxLimit));
    List<Event> events = read.value();
    String next = events.isEmpty() ? from.toString() : events.get(events.size() - 1).cursor().toString();
    String body = events.stream().map(e -> new EncodedEvent(e).json(e.type(), null))
        .collect(Collectors.joining(",", "{\"events\":[", "],\"next\":\"" + next + "\"}"));
    return Response.ok(body, JSON).header(Representations.CURSOR, read.cursor().toString()).build();
  }
}
