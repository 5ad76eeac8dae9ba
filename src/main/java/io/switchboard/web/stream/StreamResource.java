package io.switchboard.web.stream;

import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.session.Session;
import io.switchboard.session.SessionRegistry;
import io.switchboard.web.ResponseFence;
import io.switchboard.web.TopicRequest;
import jakarta.servlet.http.HttpServletRequest;
import io.switchboard.web.sse.SseHeadersFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * {@code GET /realtime/stream?topic=todos[&cursor=42]}: one chunked {@code application/x-ndjson}
 * response, one JSON object per line, each written and flushed as it happens. The first line is
 * {@code {"op":"welcome","session":…}}; events have the shape of every transport (their
 * {@code cursor} resumes the stream with {@code ?cursor=}); {@code {"type":"heartbeat"}} lines keep
 * idle streams alive through proxies; a server-side close first writes a {@code close} line with
 * the {@link io.switchboard.session.Disconnect} code, reason and whether to reconnect. Topic
 * parameters, filters and {@code presence=true} are those of SSE (see {@link TopicRequest}).
 */
@Path("realtime/stream")
public final class StreamResource {
  public static final String NDJSON = "application/x-ndjson";

  private final Hub hub;
  private final SessionRegistry sessions;
  private final DocumentService documents;

  public StreamResource(Hub hub, SessionRegistry sessions, DocumentService documents) {
    this.hub = hub;
    this.sessions = sessions;
    this.documents = documents;
  }

  @GET
  @SseHeadersFilter.EventStream
  @Produces(NDJSON)
  public void stream(@QueryParam("topic") List<String> names, @QueryParam("cursor") String cursor,
                     @QueryParam("presence") boolean presence, @Context UriInfo uri,
                     @Context HttpServletRequest request, @Suspended AsyncResponse response) {
    TopicRequest subscribe = TopicRequest.parse(names, uri, documents);
    Cursor from = TopicRequest.cursor(cursor);
    ChunkedOutput<String> output = new ChunkedOutput<>(String.class, "\n");
    // Suspended (rather than returning the output) so the async context exists now and the fence
    // listens to it before the first line is written.
    NdjsonOutbound outbound = new NdjsonOutbound(output, ResponseFence.of(request));
    response.resume(output);
    Session session = sessions.open("stream", "anonymous", request.getRemoteAddr(), outbound);
    hub.subscribe(session, session.id(), subscribe.topics(), from == null ? hub.now() : from, subscribe.filter(),
        presence);
  }
}
