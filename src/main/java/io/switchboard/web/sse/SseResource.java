package io.switchboard.web.sse;

import io.switchboard.session.Connection;
import io.switchboard.session.Interest;
import io.switchboard.session.Realtime;
import io.switchboard.web.Callers;
import io.switchboard.web.Interests;
import io.switchboard.web.ResponseFence;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /realtime/sse?topic=todos&topic=chat:lobby[&cursor=42]}, or several subscriptions at
 * once ({@code sub.a.topic=todos&sub.a.filter.done=false&sub.b.topic=chat:lobby}, see
 * {@link Interests}): one event stream. Resumes after {@code Last-Event-ID} (what
 * {@code EventSource} sends on reconnect) or {@code cursor}, else starts now. The first event is a
 * {@code welcome} whose {@code id} is the starting position; comments keep idle streams alive.
 */
@Path("realtime/sse")
public final class SseResource {
  static final long RETRY_MILLIS = 2000;

  private final Realtime realtime;

  public SseResource(Realtime realtime) {
    this.realtime = realtime;
  }

  @GET
  @SseHeadersFilter.EventStream
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(@HeaderParam("Last-Event-ID") String lastEventId, @Context UriInfo uri,
                     @Context SseEventSink sink, @Context Sse sse, @Context HttpServletRequest request) {
    List<Interest> interests = Interests.resume(Interests.parse(uri.getQueryParameters()), lastEventId);
    realtime.check(Callers.identity(request), interests);
    Map<String, String> starts = new LinkedHashMap<>();
    interests.forEach(i -> starts.put(i.sub(), i.cursor() == null || i.cursor().isBlank() ? null : i.cursor().trim()));
    Connection connection = realtime.connect(new SseOutbound(sink, sse, ResponseFence.of(request), starts),
        Callers.peer(request));
    Interests.startingAt(interests, connection.openedAt()).forEach(connection::subscribe);
  }
}
