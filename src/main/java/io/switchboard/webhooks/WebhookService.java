package io.switchboard.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.model.Cursor;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.model.Webhook;
import io.switchboard.model.WebhookAttempt;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Webhook endpoints: registration (validated, SSRF-checked), changes, secret rotation, replay
 * and redelivery, and the delivery log. Deliveries themselves are the {@link WebhookDispatcher}'s.
 * Thread-safe.
 */
public final class WebhookService implements AutoCloseable {
  static final int MAX_TOPICS = 32;
  static final int MAX_DESCRIPTION = 1000;
  private static final Set<String> CREATE_FIELDS = Set.of("url", "topics", "filter", "description", "cursor");
  private static final Set<String> UPDATE_FIELDS = Set.of("url", "topics", "filter", "description", "status");

  private final Database db;
  private final Hub hub;
  private final DocumentService documents;
  private final AddressPolicy policy;
  private final WebhookDispatcher dispatcher;
  private final Clock clock;

  private WebhookService(Database db, Hub hub, DocumentService documents, AddressPolicy policy,
                         WebhookDispatcher dispatcher, Clock clock) {
    this.db = db;
    this.hub = hub;
    this.documents = documents;
    this.policy = policy;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /** Builds the service and starts delivering to every active endpoint from its stored cursor. */
  public static WebhookService start(Database db, Hub hub, Realtime sessions, DocumentService documents,
                                     Settings settings, Clock clock) {
    AddressPolicy policy = new AddressPolicy(settings.webhooks().allow(), InetAddress::getAllByName);
    RetryPolicy retry = new RetryPolicy(Duration.ofMillis(settings.webhooks().retryInitialMillis()),
        Duration.ofSeconds(settings.webhooks().retryMaxSeconds()), Duration.ofSeconds(settings.webhooks().retryHorizonSeconds()));
    WebhookDispatcher dispatcher = new WebhookDispatcher(db, hub, sessions,
        new Sender(policy, Duration.ofSeconds(settings.webhooks().timeoutSeconds())), retry, clock, documents::liveQuery);
    dispatcher.startAll();
    return new WebhookService(db, hub, documents, policy, dispatcher, clock);
  }

  /** Registers an endpoint, delivering from {@code cursor} (default: now). The result holds the secret. */
  public Webhook create(JsonNode body) {
    ObjectNode fields = object(body, CREATE_FIELDS);
    String url = policy.check(text(fields, "url", true)).toString();
    List<String> topics = topics(fields.get("topics"));
    ObjectNode filter = filter(fields.get("filter"), topics);
    Cursor cursor = fields.hasNonNull("cursor") ? Cursor.parse(text(fields, "cursor", true)) : hub.now();
    hub.read(cursor, topics.stream().map(Topic::parse).toList(), List.of(), 1);
    Instant now = clock.instant();
    Webhook webhook = new Webhook(UUID.randomUUID().toString(), url, description(fields), topics, filter, Signer.newSecret(), null, null,
        Webhook.Status.ACTIVE, null, cursor.seq(), null, now, now);
    db.write(tx -> {
      tx.webhooks().insert(webhook);
      return null;
    });
    dispatcher.ensureRunning(webhook.id());
    return webhook;
  }

  public List<Webhook> list() {
    return db.read(tx -> tx.webhooks().list());
  }

  public Webhook get(String id) {
    return db.read(tx -> tx.webhooks().find(id)).orElseThrow(() -> notFound(id));
  }

  /**
   * Changes url, topics, filter, description, or status ({@code active} re-enables a failing or
   * disabled endpoint from its cursor; {@code disabled} stops it). Fields not given keep their value.
   */
  public Webhook update(String id, JsonNode body) {
    ObjectNode fields = object(body, UPDATE_FIELDS);
    Webhook old = get(id);
    String url = fields.has("url") ? policy.check(text(fields, "url", true)).toString() : old.url();
    List<String> topics = fields.has("topics") ? topics(fields.get("topics")) : old.topics();
    ObjectNode filter = fields.has("filter") ? filter(fields.get("filter"), topics) : filter(old.filter(), topics);
    String description = fields.has("description") ? description(fields) : old.description();
    Webhook.Status status = old.status();
    String reason = old.statusReason();
    Instant failingSince = old.failingSince();
    if (fields.has("status")) {
      String wanted = text(fields, "status", true);
      switch (wanted) {
        case "active" -> {
          status = Webhook.Status.ACTIVE;
          reason = null;
          failingSince = null;
        }
        case "disabled" -> {
          status = Webhook.Status.DISABLED;
          reason = "Disabled by an operator at " + clock.instant() + ".";
        }
        default -> throw invalid("\"status\" must be \"active\" or \"disabled\".");
      }
    }
    Webhook changed = new Webhook(id, url, description, topics, filter, old.secret(), old.previousSecret(),
        old.previousUntil(), status, reason, old.cursor(), failingSince, old.createdAt(), clock.instant());
    if (!db.write(tx -> tx.webhooks().update(changed))) {
      throw notFound(id);
    }
    if (status == Webhook.Status.ACTIVE) {
      dispatcher.ensureRunning(id);
    } else {
      dispatcher.stop(id);
    }
    return changed;
  }

  public void delete(String id) {
    dispatcher.stop(id);
    if (!db.write(tx -> tx.webhooks().delete(id))) {
      throw notFound(id);
    }
  }

  /**
   * A new secret; the old one keeps signing (a second signature) for {@code grace}, so receivers
   * can switch without dropping a delivery. The result holds the new secret.
   */
  public Webhook rotate(String id, Duration grace) {
    if (grace.isNegative() || grace.compareTo(Duration.ofDays(7)) > 0) {
      throw invalid("\"graceSeconds\" must be from 0 to 604800 (7 days).");
    }
    Webhook old = get(id);
    Instant now = clock.instant();
    Webhook rotated = new Webhook(id, old.url(), old.description(), old.topics(), old.filter(), Signer.newSecret(),
        grace.isZero() ? null : old.secret(), grace.isZero() ? null : now.plus(grace), old.status(),
        old.statusReason(), old.cursor(), old.failingSince(), old.createdAt(), now);
    if (!db.write(tx -> tx.webhooks().update(rotated))) {
      throw notFound(id);
    }
    return rotated;
  }

  /** Delivers everything after {@code cursor} again (re-enabling the endpoint). */
  public void replay(String id, Cursor cursor) {
    Webhook webhook = get(id);
    hub.read(cursor, webhook.topics().stream().map(Topic::parse).toList(), List.of(), 1);
    dispatcher.replay(id, cursor.seq());
  }

  /** Delivers the event at {@code event} once more (same {@code webhook-id}), out of band. */
  public void redeliver(String id, Cursor event) {
    Webhook webhook = get(id);
    if (!inLog(webhook, event)) {
      throw new SwitchboardException(Problem.NOT_FOUND, "Event " + event + " is not in the log of this endpoint's topics.");
    }
    if (!dispatcher.redeliver(id, event.seq())) {
      throw new SwitchboardException(Problem.CONFLICT, "The endpoint is " + webhook.status().name().toLowerCase(java.util.Locale.ROOT)
          + "; re-enable it (status \"active\") before redelivering.");
    }
  }

  private boolean inLog(Webhook webhook, Cursor event) {
    try {
      return event.seq() > 0 && hub.read(new Cursor(event.seq() - 1), webhook.topics().stream().map(Topic::parse)
          .toList(), List.of(), 1).items().stream().anyMatch(item -> item.seq() == event.seq());
    } catch (SwitchboardException notInLog) {
      if (notInLog.problem() != Problem.CURSOR_EXPIRED) {
        throw notInLog;
      }
      return false;
    }
  }

  /** The delivery log, newest first. */
  public List<WebhookAttempt> attempts(String id, int limit) {
    get(id);
    return db.read(tx -> tx.webhooks().attempts(id, limit));
  }

  private static ObjectNode object(JsonNode body, Set<String> allowed) {
    if (body == null || !body.isObject()) {
      throw invalid("The body must be a JSON object.");
    }
    List<String> unknown = new ArrayList<>();
    body.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw invalid("Unknown field(s) " + unknown + "; allowed: " + allowed.stream().sorted().toList() + ".");
    }
    return (ObjectNode) body;
  }

  private static String text(ObjectNode fields, String name, boolean required) {
    JsonNode value = fields.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw invalid("\"" + name + "\" is required.");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw invalid("\"" + name + "\" must be a string.");
    }
    return value.asText();
  }

  private static String description(ObjectNode fields) {
    String description = text(fields, "description", false);
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw invalid("\"description\" is longer than " + MAX_DESCRIPTION + " characters.");
    }
    return description == null ? "" : description;
  }

  private static List<String> topics(JsonNode value) {
    if (value == null || !value.isArray() || value.isEmpty() || value.size() > MAX_TOPICS) {
      throw invalid("\"topics\" must be an array of 1 to " + MAX_TOPICS + " topic names.");
    }
    List<String> topics = new ArrayList<>();
    for (JsonNode topic : value) {
      if (!topic.isTextual()) {
        throw invalid("\"topics\" must hold strings.");
      }
      topics.add(Topic.parse(topic.asText()).name());
    }
    return List.copyOf(topics);
  }

  /** A live-query filter ({@code {"done": "false", "priority:gte": 2}}), checked like a list query's. */
  private ObjectNode filter(JsonNode value, List<String> topics) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw invalid("\"filter\" must be an object of query parameters, e.g. {\"done\": \"false\"}.");
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    ObjectNode normalised = JsonNodeFactory.instance.objectNode();
    value.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw invalid("\"filter\" values must be strings, numbers or booleans.");
      }
      params.put(e.getKey(), List.of(e.getValue().asText()));
      normalised.put(e.getKey(), e.getValue().asText());
    });
    documents.liveQuery(params);
    if (!params.isEmpty() && topics.stream().map(Topic::parse).anyMatch(t -> t.isChannel() || t.documentId() != null)) {
      throw invalid("A filter applies to collection topics only.");
    }
    return params.isEmpty() ? null : normalised;
  }

  private static SwitchboardException invalid(String detail) {
    return new SwitchboardException(Problem.VALIDATION_FAILED, detail);
  }

  private static SwitchboardException notFound(String id) {
    return new SwitchboardException(Problem.NOT_FOUND, "No webhook endpoint '" + id + "'.");
  }

  @Override
  public void close() {
    dispatcher.close();
  }
}
