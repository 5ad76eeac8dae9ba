package io.switchboard.web.poll;

import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.model.Identity;
import io.switchboard.protocol.Wire;
import io.switchboard.session.Interest;
import io.switchboard.session.Realtime;
import io.switchboard.web.Interests;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One long-poll answer: a stateless read per subscription, merged in log order. The body is
 * {@code {"cursor": next, "events": [...]}} for the single-subscription parameters (the cursor also
 * in {@code Switchboard-Cursor}), {@code {"cursors": {name: next}, "events": [...]}} for several.
 */
final class PollAnswer {
  private final Map<String, Cursor> next = new LinkedHashMap<>();
  private final List<Entry> entries = new ArrayList<>();

  /** An event and the (quoted) name of the subscription it is read for. */
  private record Entry(Hub.Item item, String quotedSub) {}

  private PollAnswer() {}

  static PollAnswer read(Realtime realtime, Identity caller, List<Interest> interests, int limit) {
    PollAnswer answer = new PollAnswer();
    for (Interest interest : interests) {
      Hub.Batch batch = realtime.read(caller, interest, limit);
      String quoted = Wire.quote(interest.sub());
      answer.next.put(interest.sub(), batch.next());
      batch.items().forEach(item -> answer.entries.add(new Entry(item, quoted)));
    }
    answer.entries.sort(Comparator.comparingLong(e -> e.item().seq()));
    return answer;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  Cursor next(String sub) {
    return next.get(sub);
  }

  Response response() {
    List<String> events = entries.stream().map(e -> e.item().json(e.quotedSub())).toList();
    boolean single = next.size() == 1 && next.containsKey(Interests.DEFAULT);
    Response.ResponseBuilder response = Response.ok(single
        ? Wire.pollBatch(next.get(Interests.DEFAULT), events) : Wire.pollBatch(next, events),
        MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store");
    if (single) {
      response.header(Wire.CURSOR_HEADER, next.get(Interests.DEFAULT).toString());
    }
    return response.build();
  }
}
