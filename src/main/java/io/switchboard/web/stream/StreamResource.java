package io.switchboard.web.stream;

import io.switchboard.session.Connection;
import io.switchboard.session.Interest;
import io.switchboard.session.Realtime;
import io.switchboard.web.Callers;
import io.switchboard.web.Interests;
import io.switchboard.web.ResponseFence;
import io.switchboard.web.sse.SseHeadersFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * {@code GET /realtime/stream?topic=todos[&cursor=42]} (or several subscriptions, see
 * {@link Interests}): one chunked {@code application/x-ndjson} response, one JSON object per line,
 * each written and flushed as it happens. The first line is
 * {@code {"op":"welcome","session","cursor"}}; events have the shape of every transport (their
 * {@code cursor} resumes the subscription named by their {@code sub}); {@code {"type":"heartbeat"}}
 * lines keep idle streams alive through proxies; a server-side close first writes a {@code close}
 * line with the {@link io.switchboard.protocol.Disconnect} code, reason and whether to reconnect.
 */
@Path("realtime/stream")
public final class StreamResource {
  public static final String NDJSON = "application/x-ndjson";

  private final Realtime realtime;

  public StreamResource(Realtime realtime) {
    this.realtime = realtime;
  }

  @GET
  @SseHeadersFilter.EventStream
  @Produces(NDJSON)
  public void stream(@Context UriInfo uri, @Context HttpServletRequest request, @Suspended AsyncResponse response) {
    List<Interest> interests = Interests.parse(uri.getQueryParameters());
    realtime.check(Callers.identity(request), interests);
    ChunkedOutput<String> output = new ChunkedOutput<>(String.class, "\n");
    // Suspended (rather than returning the output) so the async context exists now and the fence
    // listens to it before the first line is written.
    NdjsonOutbound outbound = new NdjsonOutbound(output, ResponseFence.of(request));
    response.resume(output);
    Connection connection = realtime.connect(outbound, Callers.peer(request));
    Interests.startingAt(interests, connection.openedAt()).forEach(connection::subscribe);
  }
}
