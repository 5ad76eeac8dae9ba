package io.switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Document;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The access rules in force, and every decision made from them. The rules are stored in the
 * database; a rules file given at start replaces them then. Decisions read the current rules, so
 * a change reaches every check, every subscription's next event and every webhook's next delivery
 * at once; {@link #onChange} listeners (the realtime door) end what is no longer allowed.
 *
 * <p>Refusals follow one pattern: an anonymous caller gets {@link Problem#UNAUTHORIZED} (a
 * credential might help), an authenticated one {@link Problem#FORBIDDEN}, and a document the caller
 * may not read is {@link Problem#NOT_FOUND}, exactly as a missing one, so ids cannot be probed.
 * Thread-safe.
 */
public final class Access {
  private final Database db;
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile AccessRules rules;

  private Access(Database db, Clock clock, AccessRules rules) {
    this.db = db;
    this.clock = clock;
    this.rules = rules;
  }

  /**
   * The stored rules (the built-in defaults if none were ever stored), or {@code file}'s, which
   * then replace the stored ones: a rules file is the source of truth at every start.
   */
  public static Access start(Database db, Clock clock, JsonNode file) {
    if (file != null) {
      Access access = new Access(db, clock, AccessRules.parse(file));
      access.replace(access.rules);
      return access;
    }
    AccessRules stored = db.read(tx -> tx.rules().load()).map(Json::parseStored).map(AccessRules::parse)
        .orElse(AccessRules.defaults());
    return new Access(db, clock, stored);
  }

  /** Rules that are not stored anywhere: for tests of the core. */
  public static Access of(AccessRules rules) {
    return new Access(null, Clock.systemUTC(), rules);
  }

  public AccessRules rules() {
    return rules;
  }

  /** Stores and applies new rules, then tells the listeners. */
  public void replace(AccessRules fresh) {
    if (db != null) {
      db.write(tx -> {
        tx.rules().save(Json.write(fresh.toJson()), clock.instant());
        return null;
      });
    }
    rules = fresh;
    listeners.forEach(Runnable::run);
  }

  /** Runs {@code listener} after every change of the rules, on the changing thread. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  // Collections

  /** Refuses {@code who} unless {@code action} on {@code collection} admits it for some document. */
  public void require(Identity who, String collection, Action action) {
    if (!rules.collection(collection, action).admits(who)) {
      throw refused(who, "You may not " + action.key() + " collection '" + collection + "'.");
    }
  }

  /** Whether {@code who} may do {@code action} to {@code doc} (whose owner decides {@code owner} grants). */
  public boolean allows(Identity who, Action action, Document doc) {
    return rules.collection(doc.collection(), action).allows(who, doc.owner());
  }

  /** The owner a list by {@code who} is restricted to (its own name), or null for every document. */
  public String listOwner(Identity who, String collection) {
    return rules.collection(collection, Action.LIST).ownerOnly(who) ? who.user() : null;
  }

  /**
   * Whether a subscriber {@code who} of {@code collection} may see {@code document} (a client
   * representation, as an event carries it before or after its change): it must be allowed both
   * to subscribe to it and to read it.
   */
  public boolean sees(Identity who, String collection, JsonNode document) {
    AccessRules now = rules;
    JsonNode owner = document.get(Document.OWNER);
    String name = owner == null ? null : owner.textValue();
    return now.collection(collection, Action.SUBSCRIBE).allows(who, name)
        && now.collection(collection, Action.READ).allows(who, name);
  }

  // Channels

  /** Refuses {@code who} unless {@code action} is allowed on channels of {@code namespace}. */
  public void requireChannel(Identity who, String namespace, Action action) {
    if (!channelAllows(who, namespace, action)) {
      throw refused(who, "You may not " + action.key() + " on channels '" + namespace + ":*'.");
    }
  }

  public boolean channelAllows(Identity who, String namespace, Action action) {
    return rules.channel(namespace, action).allows(who, null);
  }

  /** {@link Problem#UNAUTHORIZED} for an anonymous caller, {@link Problem#FORBIDDEN} for anyone else. */
  public static SwitchboardException refused(Identity who, String detail) {
    return who.anonymous()
        ? new SwitchboardException(Problem.UNAUTHORIZED, "Authentication is required: " + detail)
        : new SwitchboardException(Problem.FORBIDDEN, detail);
  }
}
