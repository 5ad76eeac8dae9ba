package io.switchboard.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.Settings;
import io.switchboard.model.Cursor;
import io.switchboard.model.Identity;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Webhook;
import io.switchboard.model.WebhookAttempt;
import io.switchboard.session.Realtime;
import io.switchboard.store.Database;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Webhook endpoints: registration (SSRF-checked; topics, filter and cursor checked by the realtime
 * door as for every subscriber), changes, secret rotation, replay and redelivery, and the delivery
 * log. Deliveries themselves are the {@link WebhookDispatcher}'s. Thread-safe.
 *
 * <p>An endpoint belongs to the principal that registered it: it is sent only what its owner may
 * see (checked per event, with the owner's current rights: {@code rights}), and only its owner or
 * an admin may see or manage it (to anyone else it is 404, as a missing one). A principal other
 * than an admin registers at most {@code switchboard.webhooks.per.user} endpoints. An endpoint
 * whose owner may no longer subscribe to its topics is disabled, saying so.
 */
public final class WebhookService implements AutoCloseable {
  static final int MAX_DESCRIPTION = 1000;
  static final Duration DEFAULT_GRACE = Duration.ofDays(1);
  static final Duration MAX_GRACE = Duration.ofDays(7);

  private final Database db;
  private final Realtime realtime;
  private final AddressPolicy policy;
  private final WebhookDispatcher dispatcher;
  private final Clock clock;
  private final Function<Webhook, Identity> rights;
  private final int perUser;

  private WebhookService(Database db, Realtime realtime, AddressPolicy policy, WebhookDispatcher dispatcher,
                         Clock clock, Function<Webhook, Identity> rights, int perUser) {
    this.db = db;
    this.rights = rights;
    this.perUser = perUser;
    this.realtime = realtime;
    this.policy = policy;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /**
   * Builds the service and starts delivering to every active endpoint from its stored cursor.
   *
   * @param rights the identity an endpoint is delivered with: its owner's, with current roles
   */
  public static WebhookService start(Database db, Realtime realtime, Settings.Webhooks settings, Clock clock,
                                     Function<Webhook, Identity> rights) {
    AddressPolicy policy = new AddressPolicy(settings.allow(), InetAddress::getAllByName);
    RetryPolicy retry = new RetryPolicy(Duration.ofMillis(settings.retryInitialMillis()),
        Duration.ofSeconds(settings.retryMaxSeconds()), Duration.ofSeconds(settings.retryHorizonSeconds()));
    WebhookDispatcher dispatcher = new WebhookDispatcher(new DeliveryLoop.Context(db, realtime,
        new Sender(policy, Duration.ofSeconds(settings.timeoutSeconds())), retry, clock, rights));
    dispatcher.startAll();
    return new WebhookService(db, realtime, policy, dispatcher, clock, rights, settings.perUser());
  }

  /**
   * Registers an endpoint owned by {@code caller}, delivering after {@code cursor} (default: now);
   * its topics must be ones the caller may subscribe to. The result holds the secret.
   */
  public Webhook create(Identity caller, WebhookRequest.Create body) {
    if (caller.anonymous()) {
      throw new SwitchboardException(Problem.UNAUTHORIZED, "Authentication is required to register a webhook endpoint.");
    }
    String url = policy.check(required(body.url(), "url")).toString();
    List<String> topics = required(body.topics(), "topics");
    ObjectNode filter = filter(body.filter());
    String id = UUID.randomUUID().toString();
    Cursor cursor = body.cursor() == null ? realtime.now() : Cursor.parse(body.cursor());
    realtime.read(caller, WebhookInterest.of(id, topics, filter, cursor), 1); // the door's checks, and the cursor in the log
    Webhook webhook = Webhook.create(id, url, description(body.description()), topics, filter, Signer.newSecret(),
        cursor.seq(), clock.instant(), caller);
    db.write(tx -> {
      if (!caller.hasRole(Identity.ADMIN) && tx.webhooks().list(caller.user()).size() >= perUser) {
        throw new SwitchboardException(Problem.LIMIT_EXCEEDED,
            "A principal registers at most " + perUser + " webhook endpoints; delete one first.");
      }
      tx.webhooks().insert(webhook);
      return null;
    });
    dispatcher.ensureRunning(webhook.id());
    return webhook;
  }

  /** The endpoints {@code caller} owns (an admin: every endpoint). */
  public List<Webhook> list(Identity caller) {
    return db.read(tx -> caller.hasRole(Identity.ADMIN) ? tx.webhooks().list() : tx.webhooks().list(caller.user()));
  }

  /** The endpoint, if {@code caller} owns it or is an admin; 404 otherwise. */
  public Webhook get(Identity caller, String id) {
    return db.read(tx -> tx.webhooks().find(id))
        .filter(w -> caller.hasRole(Identity.ADMIN) || !caller.anonymous() && caller.user().equals(w.owner()))
        .orElseThrow(() -> notFound(id));
  }

  /**
   * Changes url, topics, filter, description, or status ({@code active} re-enables a failing or
   * disabled endpoint from its cursor; {@code disabled} stops it). Fields not given keep their value.
   */
  public Webhook update(Identity caller, String id, WebhookRequest.Update body) {
    Webhook old = get(caller, id);
    Instant now = clock.instant();
    List<String> topics = body.topics() != null ? body.topics() : old.topics();
    ObjectNode filter = body.filter() != null ? filter(body.filter()) : old.filter();
    realtime.check(rights.apply(old), List.of(WebhookInterest.of(id, topics, filter, null)));
    Webhook changed = old.withTarget(body.url() != null ? policy.check(body.url()).toString() : old.url(),
        body.description() != null ? description(body.description()) : old.description(), topics, filter, now);
    if (body.status() != null) {
      changed = switch (body.status()) {
        case "active" -> changed.withStatus(Webhook.Status.ACTIVE, null, now);
        case "disabled" -> changed.withStatus(Webhook.Status.DISABLED, "Disabled by an operator at " + now + ".", now);
        default -> throw invalid("\"status\" must be \"active\" or \"disabled\".");
      };
    }
    Webhook stored = changed;
    if (!db.write(tx -> tx.webhooks().update(stored))) {
      throw notFound(id);
    }
    if (stored.status() == Webhook.Status.ACTIVE) {
      dispatcher.ensureRunning(id);
    } else {
      dispatcher.stop(id);
    }
    return stored;
  }

  public void delete(Identity caller, String id) {
    get(caller, id);
    dispatcher.stop(id);
    if (!db.write(tx -> tx.webhooks().delete(id))) {
      throw notFound(id);
    }
  }

  /**
   * A new secret; the old one keeps signing (a second signature) for the grace period, so receivers
   * can switch without dropping a delivery. The result holds the new secret.
   */
  public Webhook rotate(Identity caller, String id, WebhookRequest.Rotate body) {
    Duration grace = body == null || body.graceSeconds() == null ? DEFAULT_GRACE
        : Duration.ofSeconds(body.graceSeconds());
    if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
      throw invalid("\"graceSeconds\" must be from 0 to " + MAX_GRACE.toSeconds() + " (7 days).");
    }
    Instant now = clock.instant();
    Webhook rotated = get(caller, id).withSecret(Signer.newSecret(), grace.isZero() ? null : now.plus(grace), now);
    if (!db.write(tx -> tx.webhooks().update(rotated))) {
      throw notFound(id);
    }
    return rotated;
  }

  /** Delivers everything after the cursor again (re-enabling the endpoint). */
  public void replay(Identity caller, String id, WebhookRequest.Replay body) {
    Cursor cursor = Cursor.parse(required(body.cursor(), "cursor"));
    Webhook webhook = get(caller, id);
    realtime.read(rights.apply(webhook), WebhookInterest.of(webhook, cursor), 1); // 410 if the log no longer holds it
    dispatcher.replay(id, cursor.seq());
  }

  /** Delivers the one event once more (same {@code webhook-id}), out of band. */
  public void redeliver(Identity caller, String id, WebhookRequest.Redeliver body) {
    Cursor event = Cursor.parse(required(body.event(), "event"));
    Webhook webhook = get(caller, id);
    if (!inLog(webhook, event)) {
      throw new SwitchboardException(Problem.NOT_FOUND, "Event " + event + " is not in the log of this endpoint's topics.");
    }
    if (!dispatcher.redeliver(id, event.seq())) {
      throw new SwitchboardException(Problem.CONFLICT, "The endpoint is "
          + webhook.status().name().toLowerCase(Locale.ROOT) + "; re-enable it (status \"active\") before redelivering.");
    }
  }

  private boolean inLog(Webhook webhook, Cursor event) {
    try {
      return event.seq() > 0 && realtime.read(rights.apply(webhook), WebhookInterest.of(webhook.id(), webhook.topics(), null,
          new Cursor(event.seq() - 1)), 1).items().stream().anyMatch(item -> item.seq() == event.seq());
    } catch (SwitchboardException notInLog) {
      if (notInLog.problem() != Problem.CURSOR_EXPIRED) {
        throw notInLog;
      }
      return false;
    }
  }

  /** The delivery log, newest first. */
  public List<WebhookAttempt> attempts(Identity caller, String id, int limit) {
    get(caller, id);
    return db.read(tx -> tx.webhooks().attempts(id, limit));
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw invalid("\"" + field + "\" is required.");
    }
    return value;
  }

  private static String description(String description) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw invalid("\"description\" is longer than " + MAX_DESCRIPTION + " characters.");
    }
    return description == null ? "" : description;
  }

  /** A filter object with plain values, stored as text ({@code {"priority:gte": "2"}}); null for none. */
  private static ObjectNode filter(JsonNode value) {
    if (value == null || value.isNull() || value.isEmpty() && value.isObject()) {
      return null;
    }
    if (!value.isObject()) {
      throw invalid("\"filter\" must be an object of query parameters, e.g. {\"done\": \"false\"}.");
    }
    ObjectNode normalised = JsonNodeFactory.instance.objectNode();
    value.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw invalid("\"filter\" values must be strings, numbers or booleans.");
      }
      normalised.put(e.getKey(), e.getValue().asText());
    });
    return normalised;
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
