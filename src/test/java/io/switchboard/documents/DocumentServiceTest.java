package io.switchboard.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import io.switchboard.config.Settings;
import io.switchboard.model.Cursor;
import io.switchboard.model.Event;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.protocol.EncodedEvent;
import io.switchboard.store.Database;
import io.switchboard.store.LogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over a real embedded SQLite file; no container, no sockets. */
class DocumentServiceTest {
  private static final Identity USER = new Identity("alice", java.util.Set.of(), "basic", null, null);
  @TempDir
  Path dir;
  private Database db;
  private DocumentService service;
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock();

  /** A clock the test moves forward by hand. */
  private static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A fresh embedded SQLite database in {@code dir}, with the default settings. */
  static Database database(Path dir) {
    Settings defaults = Settings.defaults();
    return Database.open(new Settings(new Settings.Server(0, dir),
        new Settings.Db("jdbc:sqlite:" + dir.resolve("t.db"), "", "", 4, "NORMAL"), defaults.limits(), defaults.realtime(),
        defaults.webhooks(), defaults.auth(), defaults.access(), defaults.http(), defaults.rates()));
  }

  @BeforeEach
  void open() {
    db = database(dir);
    service = new DocumentService(db, Access.of(AccessRules.defaults()), clock, 50, 1000, published::add);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static ObjectNode object(String json) {
    return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void each_change_publishes_its_committed_event_after_the_commit() {
    DocumentService.Write created = service.create(USER, "todos", object("{\"title\":\"a\"}"));
    String id = created.document().id();
    service.put(USER, "todos", id, object("{\"title\":\"b\"}"), Preconditions.NONE);
    service.patch(USER, "todos", id, Patches.MERGE, Json.parse("{\"done\":true}".getBytes(StandardCharsets.UTF_8)),
        Preconditions.NONE);
    Cursor deleted = service.delete(USER, "todos", id, Preconditions.NONE);

    List<String> seen = new ArrayList<>();
    published.forEach(e -> seen.add(e.seq() + ":" + e.type() + "@" + e.version()));
    assertEquals(List.of("1:created@1", "2:updated@2", "3:updated@3", "4:deleted@4"), seen);
    assertEquals(new Cursor(4), deleted);
    assertEquals(json(published), json(service.events(new Cursor(0), 10).value()));
    assertTrue(published.get(2).data().path("done").asBoolean());
  }

  private static List<String> json(List<Event> events) {
    return events.stream().map(e -> new EncodedEvent(e).json(e.type(), null)).toList();
  }

  @Test
  void a_rejected_change_writes_and_publishes_nothing() {
    String id = service.create(USER, "todos", object("{\"n\":1}")).document().id();
    published.clear();
    assertThrows(SwitchboardException.class,
        () -> service.put(USER, "todos", id, object("{\"n\":2}"), new Preconditions("\"9\"", null)));
    assertThrows(SwitchboardException.class, () -> service.patch(USER, "todos", id, Patches.JSON_PATCH,
        Json.parse("[{\"op\":\"remove\",\"path\":\"/nope\"}]".getBytes(StandardCharsets.UTF_8)), Preconditions.NONE));
    assertThrows(SwitchboardException.class, () -> service.create(USER, "todos", object("{\"id\":\"" + id + "\"}")));
    assertTrue(published.isEmpty());
    assertEquals(1, service.get(USER, "todos", id).value().version());
    assertEquals(new Cursor(1), service.get(USER, "todos", id).cursor());
  }

  @Test
  void server_fields_in_the_body_are_ignored_and_a_foreign_id_is_refused() {
    DocumentService.Write w = service.create(USER, "todos",
        object("{\"id\":\"k\",\"version\":50,\"createdAt\":\"1970-01-01T00:00:00Z\",\"x\":1}"));
    assertEquals(1, w.document().version());
    assertFalse(w.document().data().has("version"));
    SwitchboardException e = assertThrows(SwitchboardException.class,
        () -> service.put(USER, "todos", "k", object("{\"id\":\"other\"}"), Preconditions.NONE));
    assertEquals(Problem.VALIDATION_FAILED, e.problem());
    assertEquals("/id", e.errors().get(0).field());
  }

  @Test
  void a_schema_rejects_invalid_documents_with_one_error_per_violation() {
    service.setSchema("people", Json.parse(("{\"type\":\"object\",\"required\":[\"name\"],"
        + "\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\",\"minimum\":0}}}")
        .getBytes(StandardCharsets.UTF_8)));
    SwitchboardException e = assertThrows(SwitchboardException.class,
        () -> service.create(USER, "people", object("{\"age\":-1}")));
    assertEquals(Problem.VALIDATION_FAILED, e.problem());
    assertEquals(List.of("/age", "/name"), e.errors().stream().map(SwitchboardException.FieldError::field).toList());
    assertEquals(1, service.create(USER, "people", object("{\"name\":\"Ada\",\"age\":36}")).document().version());
    assertEquals(Map.of("people", 1L), service.collections(USER).value());
  }

  @Test
  void old_channel_messages_are_pruned_and_resuming_below_them_is_detected() {
    service.create(USER, "todos", object("{\"n\":1}"));
    service.publish(USER, "chat:a", Json.parse("{\"m\":1}".getBytes(StandardCharsets.UTF_8)));
    Cursor lastOld = service.publish(USER, "chat:a", Json.parse("{\"m\":2}".getBytes(StandardCharsets.UTF_8)));
    clock.advance(Duration.ofHours(2));
    Cursor fresh = service.publish(USER, "chat:a", Json.parse("{\"m\":3}".getBytes(StandardCharsets.UTF_8)));

    assertEquals(2, service.pruneMessages(Duration.ofHours(1)));
    assertEquals(List.of(1L, fresh.seq()), service.events(new Cursor(0), 10).value().stream().map(Event::seq).toList());
    LogReader log = new LogReader(db);
    assertEquals(lastOld.seq(), log.horizon(Set.of("chat:a")), "a channel's horizon moves past its pruned messages");
    assertEquals(0, log.horizon(Set.of("todos")), "document history is untouched");
    assertEquals(0, service.pruneMessages(Duration.ofHours(1)));
  }

  @Test
  void concurrent_writers_get_gapless_sequence_numbers_in_commit_order() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      writers.add(pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          service.create(USER, "load", object("{\"i\":" + i + "}"));
        }
      }));
    }
    for (Future<?> writer : writers) {
      writer.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    List<Event> log = new ArrayList<>();
    for (Cursor after = new Cursor(0); ; ) {
      List<Event> page = service.events(after, 1000).value();
      if (page.isEmpty()) {
        break;
      }
      log.addAll(page);
      after = page.get(page.size() - 1).cursor();
    }
    assertEquals(400, log.size());
    for (int i = 0; i < log.size(); i++) {
      assertEquals(i + 1, log.get(i).seq());
    }
    assertEquals(400, published.size());
  }
}
