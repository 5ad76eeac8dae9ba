package io.switchboard.web.poll;

import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.session.Session;
import io.switchboard.session.SessionRegistry;
import io.switchboard.web.TopicRequest;
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
 * {@code GET /realtime/poll?topic=todos[&cursor=42][&wait=25][&limit=100]}: long-polling, stateless
 * and cursor-based, so any node can answer any poll.
 *
 * <ul>
 *   <li>Events after the cursor in the log: answered at once with up to {@code limit} of them, in
 *       order: {@code {"cursor": next, "events": [...]}} (also in {@code Switchboard-Cursor}).</li>
 *   <li>None yet: the request is suspended (async JAX-RS; no thread waits) and shows in the session
 *       registry as transport {@code poll} until an event arrives, answered as above, or
 *       {@code wait} seconds pass (default {@value #DEFAULT_WAIT}, at most {@value #MAX_WAIT},
 *       below common proxy timeouts), answered with no events and the same cursor.</li>
 *   <li>No cursor: waits for the next event from now.</li>
 *   <li>A cursor older than the retained log, or not from this log: {@code 410 Gone}
 *       ({@code cursor-expired}): fetch a new snapshot and poll from its cursor.</li>
 * </ul>
 * Polling again with the same cursor returns the same events, so a response lost in transit costs
 * nothing. Filters ({@code filter.<field>=…}) make it a live query, as on every transport.
 */
@Path("realtime/poll")
public final class PollResource {
  static final int DEFAULT_WAIT = 25;
  static final int MAX_WAIT = 55;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Hub hub;
  private final SessionRegistry sessions;
  private final DocumentService documents;

  public PollResource(Hub hub, SessionRegistry sessions, DocumentService documents) {
    this.hub = hub;
    this.sessions = sessions;
    this.documents = documents;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public void poll(@QueryParam("topic") List<String> names, @QueryParam("cursor") String cursor,
                   @QueryParam("wait") String wait, @QueryParam("limit") String limit,
                   @Context UriInfo uri, @Context HttpServletRequest request, @Suspended AsyncResponse response) {
    TopicRequest subscribe = TopicRequest.parse(names, uri, documents);
    int waitSeconds = bounded("wait", wait, DEFAULT_WAIT, 0, MAX_WAIT);
    int max = bounded("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    Cursor given = TopicRequest.cursor(cursor);
    Cursor from = given == null ? hub.now() : given;
    Hub.Batch batch = hub.read(from, subscribe.topics(), subscribe.filter(), max);
    if (!batch.items().isEmpty() || waitSeconds == 0) {
      response.resume(PollWaiter.answer(batch));
      return;
    }
    PollWaiter waiter = new PollWaiter(response, () -> hub.read(from, subscribe.topics(), subscribe.filter(), max));
    Session session = sessions.open("poll", "anonymous", request.getRemoteAddr(), waiter);
    waiter.attach(session);
    response.setTimeoutHandler(timedOut -> waiter.answer());
    response.setTimeout(waitSeconds, TimeUnit.SECONDS);
    // Subscribing from the batch's end: an event committed since the read is replayed, not missed.
    hub.subscribe(session, session.id(), subscribe.topics(), batch.next(), subscribe.filter(), false);
  }

  private static int bounded(String name, String text, int fallback, int min, int max) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // Reported below, like an out-of-range number.
    }
    throw new SwitchboardException(Problem.INVALID_REQUEST,
        "'" + name + "' must be a whole number from " + min + " to " + max + ", got '" + text + "'.");
  }
}
