package io.switchboard.it;

import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class ConcurrencyIT {
  private static final int WRITERS = 8;
  private final Http http;
  private final String c = freshCollection();

  ConcurrencyIT(Http http) {
    this.http = http;
  }

  @Test
  void concurrent_patches_with_the_same_etag_let_exactly_one_win() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      for (int round = 0; round < 5; round++) {
        String id = http.post("/api/" + c, "{\"n\":0}").json().path("id").asText();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          statuses.add(pool.submit(() -> {
            start.await();
            return http.patch("/api/" + c + "/" + id, "application/merge-patch+json", "{\"n\":" + writer + "}",
                "If-Match", "\"1\"").status();
          }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
          results.add(status.get(60, TimeUnit.SECONDS));
        }
        assertEquals(1, results.stream().filter(s -> s == 200).count(), results::toString);
        assertEquals(WRITERS - 1, results.stream().filter(s -> s == 412).count(), results::toString);
        assertEquals("\"2\"", http.get("/api/" + c + "/" + id).header("ETag"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrent_creates_of_one_id_make_one_document_and_tell_the_others_why() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      for (int round = 0; round < 5; round++) {
        String id = "race" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> posts = new ArrayList<>();
        List<Future<Integer>> puts = new ArrayList<>();
        for (int w = 0; w < WRITERS / 2; w++) {
          posts.add(pool.submit(() -> {
            start.await();
            return http.post("/api/" + c, "{\"id\":\"" + id + "\"}").status();
          }));
          puts.add(pool.submit(() -> {
            start.await();
            return http.put("/api/" + c + "/" + id, "{}", "If-None-Match", "*").status();
          }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> post : posts) {
          int status = post.get(60, TimeUnit.SECONDS);
          assertTrue(status == 201 || status == 409, "POST " + status);
          results.add(status);
        }
        for (Future<Integer> put : puts) {
          int status = put.get(60, TimeUnit.SECONDS);
          assertTrue(status == 201 || status == 412, "PUT " + status);
          results.add(status);
        }
        assertEquals(1, results.stream().filter(s -> s == 201).count(), results::toString);
        assertEquals("\"1\"", http.get("/api/" + c + "/" + id).header("ETag"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eight_concurrent_writers_append_one_gapless_event_per_change() throws Exception {
    long before = Long.parseLong(http.get("/api/" + c).header("Switchboard-Cursor"));
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      // A reader tails the log while the writers run: every page it gets must continue exactly
      // where the previous one ended. An event that committed after a later-numbered one would show
      // up here as a gap (the outbox pitfall), even if the final log looks complete.
      Future<Integer> tail = pool.submit(() -> {
        long cursor = before;
        int pages = 0;
        while (writing.get() || cursor < before + (long) WRITERS * (2 + 2 * 20)) {
          List<JsonNode> page = http.eventsPage(cursor);
          for (JsonNode event : page) {
            assertEquals(cursor + 1, Long.parseLong(event.path("cursor").asText()), "a reader saw a gap");
            cursor++;
          }
          pages++;
        }
        return pages;
      });
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String id = "w" + w;
        writers.add(pool.submit(() -> {
          start.await();
          record(acknowledged, http.put("/api/" + c + "/" + id, "{\"n\":0}"), "created " + id);
          for (int i = 1; i <= 20; i++) {
            record(acknowledged, http.patch("/api/" + c + "/" + id, "application/merge-patch+json",
                "{\"n\":" + i + "}"), "updated " + id);
            record(acknowledged, http.post("/api/" + c, "{\"by\":\"" + id + "\"}"), "created");
          }
          record(acknowledged, http.delete("/api/" + c + "/" + id), "deleted " + id);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(120, TimeUnit.SECONDS);
      }
      writing.set(false);
      assertTrue(tail.get(60, TimeUnit.SECONDS) > 1, "the reader ran while the writers did");
    } finally {
      pool.shutdownNow();
    }
    int changes = WRITERS * (2 + 2 * 20);
    assertEquals(changes, acknowledged.size());

    List<JsonNode> events = http.eventsAfter(before);
    assertEquals(changes, events.size());
    Map<Long, String> logged = new HashMap<>();
    Map<String, Long> lastVersion = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      long seq = Long.parseLong(event.path("cursor").asText());
      assertEquals(before + 1 + i, seq, "sequence numbers are gapless");
      String docId = event.path("id").asText();
      logged.put(seq, event.path("type").asText() + (docId.startsWith("w") ? " " + docId : ""));
      long previous = lastVersion.getOrDefault(docId, 0L);
      assertEquals(previous + 1, event.path("version").asLong(), "versions of " + docId + " grow by one in log order");
      lastVersion.put(docId, event.path("version").asLong());
    }
    assertEquals(acknowledged, logged, "each acknowledged cursor is the event of that change");
  }

  private static void record(Map<Long, String> acknowledged, Http.Reply reply, String what) {
    assertTrue(reply.status() == 200 || reply.status() == 201 || reply.status() == 204, reply::toString);
    acknowledged.put(Long.parseLong(reply.header("Switchboard-Cursor")), what);
  }
}
