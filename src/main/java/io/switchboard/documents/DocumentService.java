package io.switchboard.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.access.Access;
import io.switchboard.access.Action;
import io.switchboard.model.Cursor;
import io.switchboard.model.Document;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Identity;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException.FieldError;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.store.Database;
import io.switchboard.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * CRUD over JSON documents. Every change runs in one transaction that writes the document and
 * appends exactly one event (created, updated or deleted); a method that returns has committed
 * both, a method that throws has changed nothing. Reads report the log position they reflect.
 *
 * <p>Every method acts for a caller and is authorized by the {@link Access} rules first: a
 * collection the caller may not use at all is 401/403; a document it may not read is 404, as if
 * it did not exist, before any precondition is looked at; lists hold only what it may read. A
 * document's {@code owner} is the creating caller's name: a body may repeat the current owner, but
 * only an admin may give another (422 for anyone else).
 *
 * <p>Thread-safe. {@code afterCommit} is called once per committed event, in log order per
 * writer, on the writing thread; it must not block.
 */
public final class DocumentService {
  private final Database db;
  private final Access access;
  private final Clock clock;
  private final Ids ids;
  private final Schemas schemas = new Schemas();
  private final QueryParser parser;
  private final Consumer<Event> afterCommit;
  private final int maxPageSize;

  public DocumentService(Database db, Access access, Clock clock, int defaultPageSize, int maxPageSize,
                         Consumer<Event> afterCommit) {
    this.db = db;
    this.access = access;
    this.clock = clock;
    this.ids = new Ids(clock);
    this.parser = new QueryParser(defaultPageSize, maxPageSize);
    this.afterCommit = afterCommit;
    this.maxPageSize = maxPageSize;
  }

  /** A read result and the log position it reflects. */
  public record Read<T>(T value, Cursor cursor) {}

  /** A committed change: the stored document, whether it was created, and its event's position. */
  public record Write(Document document, boolean created, Cursor cursor) {}

  /** One page of a list; {@code next} is the {@code after} token of the next page, or null. */
  public record Listing(List<Document> items, String next, Long total) {}

  /**
   * The collections {@code caller} may list, with their document counts (null where it may list
   * only its own documents: the whole count is not its to know).
   */
  public Read<Map<String, Long>> collections(Identity caller) {
    return db.read(tx -> {
      Map<String, Long> visible = new LinkedHashMap<>();
      tx.documents().collections().forEach((name, count) -> {
        if (access.rules().collection(name, Action.LIST).admits(caller)) {
          visible.put(name, access.listOwner(caller, name) == null ? count : null);
        }
      });
      return new Read<>(visible, new Cursor(tx.log().lastSeq()));
    });
  }

  /** One page of the documents {@code caller} may list (its own only, where the list rule says {@code owner}). */
  public Read<Listing> list(Identity caller, String collection, Map<String, List<String>> params) {
    Ids.collection(collection);
    access.require(caller, collection, Action.LIST);
    Query asked = parser.parse(params);
    String owner = access.listOwner(caller, collection);
    Query query = owner == null ? asked : new Query(Stream.concat(asked.filters().stream(), Stream.of(new Query.Filter(
        new Query.Field(List.of(Document.OWNER)), Query.Op.EQ, List.of(TextNode.valueOf(owner))))).toList(),
        asked.sort(), asked.limit(), asked.after(), asked.count());
    return db.read(tx -> {
      Query.Page page = tx.documents().list(collection, query);
      String next = page.next() == null ? null : PageToken.encode(page.next(), query.sort());
      return new Read<>(new Listing(page.items(), next, page.total()), new Cursor(tx.log().lastSeq()));
    });
  }

  public Read<Document> get(Identity caller, String collection, String id) {
    Ids.collection(collection);
    Ids.id(id);
    access.require(caller, collection, Action.READ);
    return db.read(tx -> new Read<>(existing(tx, caller, collection, id, Preconditions.NONE),
        new Cursor(tx.log().lastSeq())));
  }

  /** Creates a document owned by {@code caller}; its id comes from the body's {@code id} or is generated. */
  public Write create(Identity caller, String collection, ObjectNode body) {
    Ids.collection(collection);
    access.require(caller, collection, Action.CREATE);
    JsonNode bodyId = body.get("id");
    if (bodyId != null && !bodyId.isTextual()) {
      throw invalidField("/id", "must be a string");
    }
    String id = bodyId == null ? ids.newId() : Ids.id(bodyId.textValue());
    ObjectNode data = clientData(body, id);
    String owner = owner(caller, body, creator(caller));
    return commit(tx -> {
      if (tx.documents().find(collection, id).isPresent()) {
        throw new SwitchboardException(Problem.ALREADY_EXISTS, "A document with id '" + id + "' already exists.");
      }
      return insert(tx, collection, id, owner, data);
    });
  }

  /** Replaces the document at {@code id} (keeping its owner), or creates it there, owned by {@code caller}. */
  public Write put(Identity caller, String collection, String id, ObjectNode body, Preconditions pre) {
    Ids.collection(collection);
    Ids.id(id);
    ObjectNode data = clientData(body, id);
    return commit(tx -> {
      Optional<Document> current = visible(tx, caller, collection, id);
      pre.check(current);
      if (current.isEmpty()) {
        access.require(caller, collection, Action.CREATE);
        return insert(tx, collection, id, owner(caller, body, creator(caller)), data);
      }
      permit(caller, Action.UPDATE, current.get());
      return update(tx, current.get(), owner(caller, body, current.get().owner()), data);
    });
  }

  /**
   * Patches the document's client representation (server fields included, so a JSON Patch
   * {@code test} of {@code /version} works); the result must keep its id and be an object.
   */
  public Write patch(Identity caller, String collection, String id, Patches format, JsonNode patch,
                     Preconditions pre) {
    Ids.collection(collection);
    Ids.id(id);
    return commit(tx -> {
      Document current = existing(tx, caller, collection, id, pre);
      permit(caller, Action.UPDATE, current);
      JsonNode patched = format.apply(current.toJson(), patch);
      if (!patched.isObject()) {
        throw new SwitchboardException(Problem.VALIDATION_FAILED, "The patched document must be a JSON object.");
      }
      JsonNode newId = patched.get("id");
      if (newId != null && !newId.equals(current.toJson().get("id"))) {
        throw invalidField("/id", "cannot be changed; it is '" + id + "'");
      }
      JsonNode owner = patched.get(Document.OWNER);
      String patchedOwner = owner == null || owner.isNull() ? null : owner.isTextual() ? owner.textValue() : "";
      if (!Objects.equals(patchedOwner, current.owner())) {
        checkTransfer(caller, owner == null ? NullNode.getInstance() : owner);
      }
      return update(tx, current, patchedOwner, clientData((ObjectNode) patched, id));
    });
  }

  /** Deletes the document; returns the position of its deleted event. */
  public Cursor delete(Identity caller, String collection, String id, Preconditions pre) {
    Ids.collection(collection);
    Ids.id(id);
    return commit(tx -> {
      Document current = existing(tx, caller, collection, id, pre);
      permit(caller, Action.DELETE, current);
      tx.documents().delete(collection, id, current.version() + 1);
      Event event = tx.log().append(collection, EventType.DELETED, id, current.version() + 1, null, current.toJson(), now());
      return new Committed<>(new Cursor(event.seq()), event);
    });
  }

  /**
   * The filter of a live query, in the list query syntax ({@code field=value}, {@code field:op=value});
   * sort and paging parameters have no meaning there and are refused.
   */
  public List<Query.Filter> liveQuery(Map<String, List<String>> params) {
    List<Query.Filter> filters = new java.util.ArrayList<>();
    params.forEach((name, values) -> {
      if (QueryParser.RESERVED.contains(name)) {
        throw new SwitchboardException(Problem.INVALID_REQUEST, "'" + name + "' has no meaning in a live query filter.");
      }
      values.forEach(value -> filters.add(QueryParser.filter(name, value)));
    });
    return filters;
  }

  /**
   * Publishes a message on a channel ({@code namespace:name}). It is stored in the log like every
   * event (type {@code message}, a fresh id, version 0), so channel subscribers resume it too.
   */
  public Cursor publish(Identity caller, String channel, JsonNode data) {
    Topic topic = Topic.parse(channel);
    if (!topic.isChannel()) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "'" + channel + "' is not a channel (namespace:name).");
    }
    access.requireChannel(caller, topic.namespace(), Action.PUBLISH);
    String id = ids.newId();
    return commit(tx -> {
      Event event = tx.log().append(channel, EventType.MESSAGE, id, 0, data, null, now());
      return new Committed<>(event.cursor(), event);
    });
  }

  /**
   * Deletes channel messages older than {@code retention}; a subscriber resuming from before them
   * then gets a {@code reset}. Document events are kept: they are the history of the documents.
   */
  public int pruneMessages(Duration retention) {
    Instant before = now().minus(retention);
    return db.write(tx -> tx.log().pruneMessages(before));
  }

  /** Up to {@code limit} events after {@code after}, oldest first, and the log's newest position. */
  public Read<List<Event>> events(Cursor after, int limit) {
    if (limit < 1 || limit > maxPageSize) {
      throw new SwitchboardException(Problem.INVALID_REQUEST, "limit must be from 1 to " + maxPageSize + ".");
    }
    return db.read(tx -> new Read<>(tx.log().events(after.seq(), limit), new Cursor(tx.log().lastSeq())));
  }

  public Read<JsonNode> schema(String collection) {
    Ids.collection(collection);
    return db.read(tx -> new Read<>(tx.documents().schema(collection).orElseThrow(() -> new SwitchboardException(
        Problem.NOT_FOUND, "Collection '" + collection + "' has no JSON Schema.")), new Cursor(tx.log().lastSeq())));
  }

  /** Sets (or with {@code null} removes) the collection's schema; existing documents are not re-checked. */
  public void setSchema(String collection, JsonNode schema) {
    Ids.collection(collection);
    if (schema != null) {
      schemas.checkSchema(schema);
    }
    db.write(tx -> {
      tx.documents().setSchema(collection, schema, now());
      return null;
    });
  }

  /** A document re-created at a deleted id continues that id's version sequence. */
  private Committed<Write> insert(StoreTx tx, String collection, String id, String owner, ObjectNode data) {
    validate(tx, collection, data);
    Instant now = now();
    tx.documents().ensureCollection(collection, now);
    Document doc = new Document(collection, id, tx.documents().deletedVersion(collection, id) + 1, now, now, owner,
        data);
    if (!tx.documents().insert(doc)) {
      throw new CreatedConcurrently();
    }
    Event event = tx.log().append(collection, EventType.CREATED, id, doc.version(), doc.toJson(), null, now);
    return new Committed<>(new Write(doc, true, new Cursor(event.seq())), event);
  }

  private Committed<Write> update(StoreTx tx, Document current, String owner, ObjectNode data) {
    validate(tx, current.collection(), data);
    Instant now = now();
    Document doc = new Document(current.collection(), current.id(), current.version() + 1, current.createdAt(), now,
        owner, data);
    tx.documents().replace(doc);
    Event event = tx.log().append(doc.collection(), EventType.UPDATED, doc.id(), doc.version(), doc.toJson(), current.toJson(), now);
    return new Committed<>(new Write(doc, false, new Cursor(event.seq())), event);
  }

  private void validate(StoreTx tx, String collection, ObjectNode data) {
    tx.documents().schema(collection).ifPresent(schema -> schemas.validate(schema, data));
  }

  /** A transaction's result and the event it appended, published once the commit succeeded. */
  private record Committed<T>(T result, Event event) {}

  /** Another transaction created the same id between this one's read and its insert. */
  private static final class CreatedConcurrently extends RuntimeException {
    CreatedConcurrently() {
      super(null, null, false, false);
    }
  }

  /**
   * Runs a write and publishes its event. A write that lost a create race is run once more: it
   * then finds the document and answers as if it had come second (409, 412, or an update).
   */
  private <T> T commit(Database.Work<Committed<T>> work) {
    Committed<T> committed;
    try {
      committed = db.write(work);
    } catch (CreatedConcurrently lostTheRace) {
      committed = db.write(work);
    }
    afterCommit.accept(committed.event());
    return committed.result();
  }

  /**
   * The document after checking {@code pre} (RFC 9110: If-Match on a missing document is 412); one
   * the caller may not read is 404 whatever the preconditions say.
   */
  private Document existing(StoreTx tx, Identity caller, String collection, String id, Preconditions pre) {
    Optional<Document> current = visible(tx, caller, collection, id);
    pre.check(current);
    return current.orElseThrow(() -> notFound(collection, id));
  }

  /** The document if it exists; {@link Problem#NOT_FOUND} if it exists but {@code caller} may not read it. */
  private Optional<Document> visible(StoreTx tx, Identity caller, String collection, String id) {
    Optional<Document> found = tx.documents().find(collection, id);
    if (found.isPresent() && !access.allows(caller, Action.READ, found.get())) {
      throw notFound(collection, id);
    }
    return found;
  }

  private static SwitchboardException notFound(String collection, String id) {
    return new SwitchboardException(Problem.NOT_FOUND, "No document '" + id + "' in collection '" + collection + "'.");
  }

  /** Refuses {@code action} on a document the caller can read but may not change: 403 (401 anonymous). */
  private void permit(Identity caller, Action action, Document doc) {
    if (!access.allows(caller, action, doc)) {
      throw Access.refused(caller, "You may not " + action.name().toLowerCase(java.util.Locale.ROOT)
          + " document '" + doc.id() + "' of collection '" + doc.collection() + "'.");
    }
  }

  /** Who owns what {@code caller} creates: its name, or nobody for an anonymous caller. */
  private static String creator(Identity caller) {
    return caller.anonymous() ? null : caller.user();
  }

  /**
   * The owner a written body gives the document: {@code otherwise} (the current owner, or the
   * creator) unless the body names another, which only an admin may do.
   */
  private static String owner(Identity caller, ObjectNode body, String otherwise) {
    JsonNode named = body.get(Document.OWNER);
    if (named == null || named.isTextual() && named.textValue().equals(otherwise)) {
      return otherwise;
    }
    checkTransfer(caller, named);
    return named.isNull() ? null : named.textValue();
  }

  /** Only an admin gives a document another owner, a name (or null for none). */
  private static void checkTransfer(Identity caller, JsonNode owner) {
    if (!caller.hasRole(Identity.ADMIN)) {
      throw invalidField("/" + Document.OWNER, "is set by the server; only an admin transfers a document");
    }
    if (!owner.isTextual() && !owner.isNull()) {
      throw invalidField("/" + Document.OWNER, "must be a principal's name or null");
    }
  }

  /** The body without server fields; an {@code id} in it must equal the addressed id. */
  private static ObjectNode clientData(ObjectNode body, String id) {
    JsonNode bodyId = body.get("id");
    if (bodyId != null && !(bodyId.isTextual() && bodyId.textValue().equals(id))) {
      throw invalidField("/id", "does not match the document id '" + id + "' in the URL");
    }
    ObjectNode data = body.deepCopy();
    data.remove(Document.SERVER_FIELDS);
    return data;
  }

  private static SwitchboardException invalidField(String field, String message) {
    return new SwitchboardException(Problem.VALIDATION_FAILED, "The field " + field + " " + message + ".",
        List.of(new FieldError(field, message)));
  }

  /** Millisecond precision, the precision the store keeps. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
