package io.switchboard.it;

import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acceptance test of "one resumable cursor": 8 writers make 2,000 changes while WebSocket,
 * SSE, NDJSON stream and long-poll subscribers drop their connection (or lose a poll's response)
 * at random moments and resume from the last cursor they processed. Each ends with exactly the log's events for the topic, in order; a live-query
 * subscriber's enter/leave bookkeeping ends equal to the query's result.
 */
@ExtendWith(ServerExtension.class)
class LossIT {
  private static final int WRITERS = 8;
  private static final int CHANGES = 2000;
  private static final int DOCS = 40;
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();

  LossIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  /** A subscriber that reconnects every few dozen events; returns the cursors it processed. */
  private abstract class Consumer implements Callable<List<Long>> {
    final long seed;
    final AtomicLong target;
    final List<Long> seen = new ArrayList<>();
    long last;

    Consumer(long seed, long start, AtomicLong target) {
      this.seed = seed;
      this.last = start;
      this.target = target;
    }

    @Override
    public List<Long> call() throws Exception {
      Random random = new Random(seed);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (last < target.get() || target.get() == 0) {
        assertTrue(System.nanoTime() < deadline, getClass().getSimpleName() + " seed " + seed + ": not caught up, at "
            + last + " of " + target);
        session(random.nextInt(20, 200), deadline);
      }
      return seen;
    }

    /** Connects from {@link #last}, takes up to {@code budget} events, then drops the connection. */
    abstract void session(int budget, long deadline) throws Exception;

    void accept(JsonNode event) {
      long cursor = Long.parseLong(event.path("cursor").asText());
      seen.add(cursor);
      last = cursor;
    }
  }

  private final class WsConsumer extends Consumer {
    final Set<String> inQuery = new TreeSet<>();
    final String filter;

    WsConsumer(long seed, long start, AtomicLong target, String filter) {
      super(seed, start, target);
      this.filter = filter;
    }

    @Override
    void session(int budget, long deadline) throws Exception {
      try (WsClient ws = WsClient.connect(server.base(), "switchboard.v1")) {
        ws.call("s", "{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"" + c + "\",\"cursor\":\"" + last + "\""
            + (filter == null ? "" : ",\"filter\":" + filter) + "}");
        for (int taken = 0; taken < budget && (last < target.get() || target.get() == 0)
            && System.nanoTime() < deadline; ) {
          JsonNode message = ws.poll(Duration.ofMillis(200));
          if (message == null && !ws.isOpen()) {
            return;
          }
          if (message != null && "event".equals(message.path("op").asText())) {
            JsonNode event = message.path("event");
            if (filter != null) {
              bookkeep(event);
            }
            accept(event);
            taken++;
          }
        }
      }
    }

    /** A live-query subscriber only learns of the filter's changes; it tracks the ids in the result. */
    private void bookkeep(JsonNode event) {
      String id = event.path("id").asText();
      switch (event.path("type").asText()) {
        case "created", "enter" -> assertTrue(inQuery.add(id), "entered twice: " + event);
        case "leave", "deleted" -> assertTrue(inQuery.remove(id), "left without entering: " + event);
        default -> assertTrue(inQuery.contains(id), "an update of a document outside the result: " + event);
      }
    }
  }

  private final class SseConsumer extends Consumer {
    SseConsumer(long seed, long start, AtomicLong target) {
      super(seed, start, target);
    }

    @Override
    void session(int budget, long deadline) throws Exception {
      URI uri = server.base().resolve("realtime/sse?topic=" + c);
      try (SseClient sse = SseClient.open(uri, "Last-Event-ID", Long.toString(last))) {
        for (int taken = 0; taken < budget && (last < target.get() || target.get() == 0)
            && System.nanoTime() < deadline; ) {
          SseClient.Event event = sse.events.poll(200, TimeUnit.MILLISECONDS);
          if (event == null && sse.awaitEnd(Duration.ZERO)) {
            return;
          }
          if (event != null) {
            assertEquals(event.id(), Http.JSON.readTree(event.data()).path("cursor").asText());
            accept(Http.JSON.readTree(event.data()));
            taken++;
          }
        }
      }
    }
  }

  /** A stream consumer: like SSE, the connection drops at random and resumes with {@code ?cursor=}. */
  private final class StreamConsumer extends Consumer {
    StreamConsumer(long seed, long start, AtomicLong target) {
      super(seed, start, target);
    }

    @Override
    void session(int budget, long deadline) throws Exception {
      URI uri = server.base().resolve("realtime/stream?topic=" + c + "&cursor=" + last);
      try (NdjsonClient stream = NdjsonClient.open(uri)) {
        for (int taken = 0; taken < budget && (last < target.get() || target.get() == 0)
            && System.nanoTime() < deadline; ) {
          JsonNode event = stream.lines.poll(200, TimeUnit.MILLISECONDS);
          if (event == null && stream.awaitEnd(Duration.ZERO)) {
            return;
          }
          if (event != null) {
            accept(event);
            taken++;
          }
        }
      }
    }
  }

  /**
   * A long-poll consumer: batches of random size; now and then it "loses" a response (ignores it)
   * and polls again with the same cursor, which must return the same events.
   */
  private final class PollConsumer extends Consumer {
    private final Random losses;

    PollConsumer(long seed, long start, AtomicLong target) {
      super(seed, start, target);
      losses = new Random(seed);
    }

    @Override
    void session(int budget, long deadline) {
      Http.Reply reply = http.get("/realtime/poll?topic=" + c + "&wait=2&limit=" + budget + "&cursor=" + last);
      assertEquals(200, reply.status(), reply::toString);
      if (losses.nextInt(5) == 0) {
        return;
      }
      reply.json().path("events").forEach(this::accept);
      long next = Long.parseLong(reply.json().path("cursor").asText());
      assertTrue(next >= last, "the cursor never moves back");
      last = next;
    }
  }

  @Test
  void reconnecting_subscribers_on_every_transport_lose_nothing_and_see_nothing_twice() throws Exception {
    long start = Long.parseLong(http.get("/api/" + c).header("Switchboard-Cursor"));
    AtomicLong target = new AtomicLong();
    long seed = System.nanoTime();
    List<Consumer> consumers = List.of(new WsConsumer(seed, start, target, null),
        new WsConsumer(seed + 1, start, target, null), new SseConsumer(seed + 2, start, target),
        new SseConsumer(seed + 3, start, target), new StreamConsumer(seed + 5, start, target),
        new PollConsumer(seed + 6, start, target), new WsConsumer(seed + 4, start, target, "{\"done\":\"false\"}"));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + consumers.size());
    try {
      List<Future<List<Long>>> reading = new ArrayList<>();
      consumers.forEach(consumer -> reading.add(pool.submit(consumer)));
      List<Future<?>> writing = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        long writerSeed = seed + 100 + w;
        writing.add(pool.submit(() -> write(new Random(writerSeed), CHANGES / WRITERS)));
      }
      for (Future<?> writer : writing) {
        writer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
      // A last change every subscriber sees, the live query too (it matches the filter): the end mark.
      String end = http.put("/api/" + c + "/zz-end", "{\"done\":false}").header("Switchboard-Cursor");
      List<Long> log = new ArrayList<>();
      http.eventsAfter(start).stream().filter(e -> e.path("topic").asText().equals(c))
          .forEach(e -> log.add(Long.parseLong(e.path("cursor").asText())));
      // At least: a request resent after a dropped connection may have been applied twice.
      assertTrue(log.size() >= CHANGES + 1, "changes in the log: " + log.size());
      assertEquals(Long.parseLong(end), log.get(log.size() - 1));
      target.set(log.get(log.size() - 1));
      for (int i = 0; i < consumers.size() - 1; i++) {
        assertEquals(log, reading.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS), "subscriber " + i
            + " (seed " + seed + ") differs from the log");
      }
      WsConsumer liveQuery = (WsConsumer) consumers.get(consumers.size() - 1);
      reading.get(consumers.size() - 1).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertEquals(openIds(), new HashSet<>(liveQuery.inQuery), "the live query's view equals the query");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Makes {@code changes} successful changes to random documents (PUT, PATCH or DELETE). */
  private Void write(Random random, int changes) {
    for (int made = 0; made < changes; ) {
      String path = "/api/" + c + "/d" + random.nextInt(DOCS);
      boolean done = random.nextBoolean();
      int status = switch (random.nextInt(4)) {
        case 0 -> http.delete(path).status();
        case 1 -> http.patch(path, "application/merge-patch+json", "{\"done\":" + done + "}").status();
        default -> http.put(path, "{\"done\":" + done + ",\"n\":" + random.nextInt(100) + "}").status();
      };
      if (status / 100 == 2) {
        made++;
      }
    }
    return null;
  }

  private Set<String> openIds() {
    Set<String> ids = new HashSet<>();
    http.get("/api/" + c + "?done=false&limit=" + TestServer.MAX_PAGE).json().path("items")
        .forEach(doc -> ids.add(doc.path("id").asText()));
    return ids;
  }
}
