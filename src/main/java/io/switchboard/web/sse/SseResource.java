package io.switchboard.web.sse;

import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.session.Session;
import io.switchboard.session.SessionRegistry;
import io.switchboard.web.ResponseFence;
import io.switchboard.web.TopicRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/**
 * {@code GET /realtime/sse?topic=todos&topic=chat:lobby[&cursor=42]}: one event stream for one or
 * more topics. Resumes after {@code Last-Event-ID} (what {@code EventSource} sends on reconnect)
 * or {@code ?cursor=} (e.g. the {@code Switchboard-Cursor} of a snapshot read), else starts now.
 * The first event is a {@code welcome} with a {@code retry:} hint; comments keep idle streams
 * alive. {@code filter.<field>[:op]=value} parameters make collection topics a live query (see
 * {@link TopicRequest}); {@code presence=true} adds {@code presence} events (joins and leaves on the topics).
 */
@Path("realtime/sse")
public final class SseResource {
  static final long RETRY_MILLIS = 2000;

  private final Hub hub;
  private final SessionRegistry sessions;
  private final DocumentService documents;

  public SseResource(Hub hub, SessionRegistry sessions, DocumentService documents) {
    this.hub = hub;
    this.sessions = sessions;
    this.documents = documents;
  }

  @GET
  @SseHeadersFilter.EventStream
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(@QueryParam("topic") List<String> names, @QueryParam("cursor") String cursor,
                     @HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink, @Context Sse sse,
                     @QueryParam("presence") boolean presence, @Context UriInfo uri,
                     @Context HttpServletRequest request) {
    TopicRequest subscribe = TopicRequest.parse(names, uri, documents);
    Cursor from = TopicRequest.cursor(lastEventId, cursor);
    SseOutbound outbound = new SseOutbound(sink, sse, ResponseFence.of(request));
    Session session = sessions.open("sse", "anonymous", request.getRemoteAddr(), outbound);
    hub.subscribe(session, session.id(), subscribe.topics(), from == null ? hub.now() : from, subscribe.filter(),
        presence);
  }
}
