package io.switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException.FieldError;
import io.switchboard.model.SwitchboardException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One immutable set of access rules, as a rules file or {@code PUT /admin/rules} gives them:
 * <pre>{@code
 * {"collections": {"*":     {"list": "authenticated", ...},
 *                  "notes": {"list": "owner", "read": "owner", "update": "owner", "delete": "owner"}},
 *  "channels":    {"*":     {"subscribe": "authenticated", "publish": "authenticated", "presence": "authenticated"},
 *                  "news":  {"subscribe": "everyone", "publish": "role:editor"}}}
 * }</pre>
 * A collection's (namespace's) action not named falls back to its {@code "*"} entry, then to the
 * built-in default, {@code authenticated}. Admins are admitted by every rule.
 */
public final class AccessRules {
  static final String ANY = "*";
  private static final Rule DEFAULT = Rule.of(Rule.AUTHENTICATED);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}|\\*");

  private final Map<String, Map<Action, Rule>> collections;
  private final Map<String, Map<Action, Rule>> channels;

  private AccessRules(Map<String, Map<Action, Rule>> collections, Map<String, Map<Action, Rule>> channels) {
    this.collections = collections;
    this.channels = channels;
  }

  /** The built-in rules: authenticated callers may do everything, anonymous ones nothing. */
  public static AccessRules defaults() {
    return new AccessRules(Map.of(), Map.of());
  }

  /** Whether some rule grants {@code everyone}: only then are requests without a credential let in. */
  public boolean admitAnonymous() {
    return Stream.of(collections, channels).flatMap(m -> m.values().stream()).flatMap(m -> m.values().stream())
        .anyMatch(rule -> rule.grants().contains(Rule.EVERYONE));
  }

  /** The rule for {@code action} on collection {@code name}. */
  public Rule collection(String name, Action action) {
    return lookup(collections, name, action);
  }

  /** The rule for {@code action} on channels of namespace {@code namespace}. */
  public Rule channel(String namespace, Action action) {
    return lookup(channels, namespace, action);
  }

  private static Rule lookup(Map<String, Map<Action, Rule>> entries, String name, Action action) {
    Map<Action, Rule> own = entries.get(name);
    Rule rule = own == null ? null : own.get(action);
    if (rule == null) {
      Map<Action, Rule> any = entries.get(ANY);
      rule = any == null ? null : any.get(action);
    }
    return rule == null ? DEFAULT : rule;
  }

  /**
   * Parses rules, refusing anything unknown (a misspelt action would otherwise silently fall back
   * to the default): {@link Problem#VALIDATION_FAILED} naming the field.
   */
  public static AccessRules parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw invalid("", "must be an object with \"collections\" and/or \"channels\"");
    }
    json.fieldNames().forEachRemaining(key -> {
      if (!key.equals("collections") && !key.equals("channels")) {
        throw invalid("/" + key, "is not a rules section; use \"collections\" or \"channels\"");
      }
    });
    return new AccessRules(section(json.get("collections"), "/collections", Action.COLLECTION),
        section(json.get("channels"), "/channels", Action.CHANNEL));
  }

  private static Map<String, Map<Action, Rule>> section(JsonNode node, String where, Set<Action> actions) {
    Map<String, Map<Action, Rule>> entries = new TreeMap<>();
    if (node == null) {
      return entries;
    }
    if (!node.isObject()) {
      throw invalid(where, "must be an object of names (or \"*\") to rules");
    }
    node.fields().forEachRemaining(entry -> {
      String at = where + "/" + entry.getKey();
      if (!NAME.matcher(entry.getKey()).matches()) {
        throw invalid(at, "is not a collection or namespace name ([a-z][a-z0-9_-]*) nor \"*\"");
      }
      if (!entry.getValue().isObject()) {
        throw invalid(at, "must be an object of actions to grants");
      }
      Map<Action, Rule> rules = new EnumMap<>(Action.class);
      entry.getValue().fields().forEachRemaining(rule -> {
        Action action = actions.stream().filter(a -> a.key().equals(rule.getKey())).findFirst()
            .orElseThrow(() -> invalid(at + "/" + rule.getKey(), "is not an action here; use "
                + String.join(", ", actions.stream().map(Action::key).toList())));
        rules.put(action, Rule.parse(Json.MAPPER.convertValue(rule.getValue(), Object.class),
            at + "/" + rule.getKey(), action.onDocuments()));
      });
      entries.put(entry.getKey(), Map.copyOf(rules));
    });
    return Map.copyOf(entries);
  }

  /** The rules as written (named actions only), in the form {@link #parse} reads. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("collections", written(collections));
    json.set("channels", written(channels));
    return json;
  }

  private static ObjectNode written(Map<String, Map<Action, Rule>> entries) {
    ObjectNode section = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(entries).forEach((name, rules) -> {
      ObjectNode entry = section.putObject(name);
      new EnumMap<>(rules).forEach((action, rule) -> entry.set(action.key(), Json.MAPPER.valueToTree(rule.written())));
    });
    return section;
  }

  static SwitchboardException invalid(String field, String message) {
    String where = field.isEmpty() ? "The rules" : "The rules at " + field;
    return new SwitchboardException(Problem.VALIDATION_FAILED, where + " " + message + ".",
        new ArrayList<>(List.of(new FieldError(field, message))));
  }
}
