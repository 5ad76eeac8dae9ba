package io.switchboard.web.sse;

import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.session.Session;
import io.switchboard.session.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /realtime/sse?topic=todos&topic=chat:lobby[&cursor=42]}: one event stream for one or
 * more topics. Resumes after {@code Last-Event-ID} (what {@code EventSource} sends on reconnect)
 * or {@code ?cursor=} (e.g. the {@code Switchboard-Cursor} of a snapshot read), else starts now.
 * The first event is a {@code welcome} with a {@code retry:} hint; comments keep idle streams
 * alive. {@code filter.<field>[:op]=value} parameters make collection topics a live query;
 * {@code presence=true} adds {@code presence} events (joins and leaves on the topics).
 */
@Singleton
@Path("realtime/sse")
public final class SseResource {
  static final int MAX_TOPICS = 32;
  static final long RETRY_MILLIS = 2000;

  private final Hub hub;
  private final SessionRegistry sessions;
  private final DocumentService documents;

  @Inject
  public SseResource(Hub hub, SessionRegistry sessions, DocumentService documents) {
    this.hub = hub;
    this.sessions = sessions;
    this.documents = documents;
  }

  /** {@code filter.done=false&filter.priority:gte=2} becomes the live query {@code done=false&priority:gte=2}. */
  private static Map<String, List<String>> filterParams(UriInfo uri) {
    Map<String, List<String>> filter = new LinkedHashMap<>();
    uri.getQueryParameters().forEach((name, values) -> {
      if (name.startsWith("filter.")) {
        filter.put(name.substring("filter.".length()), values);
      }
    });
    return filter;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(@QueryParam("topic") List<String> names, @QueryParam("cursor") String cursor,
                     @HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink, @Context Sse sse,
                     @QueryParam("presence") boolean presence, @Context UriInfo uri,
                     @Context HttpServletRequest request) {
    if (names.isEmpty() || names.size() > MAX_TOPICS) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "Give 1 to " + MAX_TOPICS + " topic parameters.");
    }
    List<Topic> topics = names.stream().map(Topic::parse).toList();
    List<Query.Filter> filter = documents.liveQuery(filterParams(uri));
    if (!filter.isEmpty() && topics.stream().anyMatch(t -> t.isChannel() || t.documentId() != null)) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "A filter applies to collection topics only.");
    }
    String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId : cursor;
    Cursor from = resumeFrom == null ? hub.now() : Cursor.parse(resumeFrom.trim());
    Session session = sessions.open("sse", "anonymous", request.getRemoteAddr(), new SseOutbound(sink, sse));
    hub.subscribe(session, session.id(), topics, from, filter, presence);
  }
}
