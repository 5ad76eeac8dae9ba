package io.switchboard.web.poll;

import io.switchboard.model.Cursor;
import io.switchboard.model.Identity;
import io.switchboard.model.Params;
import io.switchboard.session.Connection;
import io.switchboard.session.Interest;
import io.switchboard.session.Realtime;
import io.switchboard.web.Callers;
import io.switchboard.web.Interests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /realtime/poll?topic=todos[&cursor=42][&wait=25][&limit=100]} (or several
 * subscriptions, see {@link Interests}): long-polling, stateless and cursor-based, so any node can
 * answer any poll.
 *
 * <ul>
 *   <li>Events after the cursor in the log: answered at once with up to {@code limit} of them per
 *       subscription, in order (see {@link PollAnswer} for the body).</li>
 *   <li>None yet: the request is suspended (async JAX-RS; no thread waits) and shows in the
 *       registry as transport {@code poll} until an event arrives, answered as above, or
 *       {@code wait} seconds pass (default {@value #DEFAULT_WAIT}, at most {@value #MAX_WAIT},
 *       below common proxy timeouts), answered with no events and the same cursors.</li>
 *   <li>No cursor: waits for the next event from now.</li>
 *   <li>A cursor older than the retained log, or not from this log: {@code 410 Gone}
 *       ({@code cursor-expired}): fetch a new snapshot and poll from its cursor.</li>
 * </ul>
 * Polling again with the same cursors returns the same events, so a response lost in transit costs
 * nothing.
 */
@Path("realtime/poll")
public final class PollResource {
  static final int DEFAULT_WAIT = 25;
  static final int MAX_WAIT = 55;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Realtime realtime;

  public PollResource(Realtime realtime) {
    this.realtime = realtime;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public void poll(@QueryParam("wait") String wait, @QueryParam("limit") String limit, @Context UriInfo uri,
                   @Context HttpServletRequest request, @Suspended AsyncResponse response) {
    List<Interest> asked = Interests.parse(uri.getQueryParameters());
    Identity caller = Callers.identity(request);
    realtime.check(caller, asked);
    int waitSeconds = Params.bounded("wait", wait, DEFAULT_WAIT, 0, MAX_WAIT);
    int max = Params.bounded("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    List<Interest> interests = Interests.startingAt(asked, realtime.now());
    PollAnswer first = PollAnswer.read(realtime, caller, interests, max);
    if (!first.isEmpty() || waitSeconds == 0) {
      response.resume(first.response());
      return;
    }
    PollWaiter waiter = new PollWaiter(response, () -> PollAnswer.read(realtime, caller, interests, max).response());
    Connection connection = realtime.connect(waiter, Callers.peer(request));
    waiter.attach(connection);
    response.setTimeoutHandler(timedOut -> waiter.answer());
    response.setTimeout(waitSeconds, TimeUnit.SECONDS);
    // Subscribing from each batch's end: an event committed since the read is replayed, not missed.
    for (Interest interest : interests) {
      Cursor next = first.next(interest.sub());
      connection.subscribe(new Interest(interest.sub(), interest.topics(), interest.filter(), next.toString(), false));
    }
  }
}
