package io.switchboard.web;

import io.switchboard.model.Cursor;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.session.Interest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subscriptions an HTTP realtime request (SSE, NDJSON stream, long-poll) asks for, read from
 * its query parameters in either of two forms, which may be combined:
 * <ul>
 *   <li>one subscription named {@value #DEFAULT}: {@code topic=} (repeatable),
 *       {@code filter.<field>[:op]=value}, {@code cursor=}, {@code presence=true};</li>
 *   <li>several: {@code sub.<name>.topic=}, {@code sub.<name>.filter.<field>[:op]=value},
 *       {@code sub.<name>.cursor=}, {@code sub.<name>.presence=true}, names of 1-64 letters,
 *       digits, {@code _} or {@code -}.</li>
 * </ul>
 * The core validates what they name (topics, filters, cursors) as for every transport.
 */
public final class Interests {
  /** The name of the subscription of the single-subscription parameters. */
  public static final String DEFAULT = "default";
  private static final Pattern NAMED = Pattern.compile("sub\\.([A-Za-z0-9_-]{1,64})\\.(topic|cursor|presence|filter\\.(.+))");

  private Interests() {}

  public static List<Interest> parse(Map<String, List<String>> params) {
    Map<String, Draft> drafts = new LinkedHashMap<>();
    params.forEach((name, values) -> {
      if (name.equals("topic") || name.equals("cursor") || name.equals("presence") || name.startsWith("filter.")) {
        drafts.computeIfAbsent(DEFAULT, k -> new Draft()).set(name, values);
      } else if (name.startsWith("sub.")) {
        Matcher m = NAMED.matcher(name);
        if (!m.matches()) {
          throw new SwitchboardException(Problem.INVALID_REQUEST, "'" + name + "' is not a subscription parameter: use"
              + " sub.<name>.topic, sub.<name>.cursor, sub.<name>.presence or sub.<name>.filter.<field>[:op].");
        }
        drafts.computeIfAbsent(m.group(1), k -> new Draft()).set(m.group(2), values);
      }
    });
    List<Interest> interests = new ArrayList<>();
    drafts.forEach((sub, d) -> interests.add(new Interest(sub, d.topics, d.filter, d.cursor, d.presence)));
    return interests;
  }

  /**
   * The interests resumed after an SSE {@code Last-Event-ID}, which is a stream's {@linkplain #eventId id}:
   * a plain cursor applies to every subscription, {@code a:41,b:57} to each named one.
   */
  public static List<Interest> resume(List<Interest> interests, String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return interests;
    }
    Map<String, String> cursors = new LinkedHashMap<>();
    if (lastEventId.contains(":")) {
      for (String pair : lastEventId.split(",")) {
        int colon = pair.lastIndexOf(':');
        if (colon <= 0) {
          throw new SwitchboardException(Problem.INVALID_REQUEST, "Not a Last-Event-ID of this server: " + lastEventId);
        }
        cursors.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      }
    } else {
      interests.forEach(i -> cursors.put(i.sub(), lastEventId.trim()));
    }
    return interests.stream().map(i -> cursors.containsKey(i.sub()) ? i.from(cursors.get(i.sub())) : i).toList();
  }

  /**
   * The interests with those that name no cursor starting at {@code cursor}: an HTTP stream's
   * subscriptions start at its welcome's cursor, so nothing committed after the welcome is missed.
   */
  public static List<Interest> startingAt(List<Interest> interests, Cursor cursor) {
    return interests.stream().map(i -> i.cursor() == null || i.cursor().isBlank() ? i.from(cursor.toString()) : i)
        .toList();
  }

  /** A stream's position as one SSE id: the cursor of its one subscription, or {@code name:cursor,…} of several. */
  public static String eventId(Map<String, String> positions) {
    if (positions.size() == 1) {
      return positions.values().iterator().next();
    }
    StringBuilder id = new StringBuilder();
    positions.forEach((sub, cursor) -> id.append(id.length() == 0 ? "" : ",").append(sub).append(':').append(cursor));
    return id.toString();
  }

  /** One subscription's parameters as they are read. */
  private static final class Draft {
    List<String> topics = new ArrayList<>();
    Map<String, List<String>> filter = new LinkedHashMap<>();
    String cursor;
    boolean presence;

    void set(String name, List<String> values) {
      switch (name) {
        case "topic" -> topics.addAll(values);
        case "cursor" -> cursor = single(name, values);
        case "presence" -> presence = Boolean.parseBoolean(single(name, values));
        default -> filter.put(name.substring("filter.".length()), values);
      }
    }

    private static String single(String name, List<String> values) {
      if (values.size() > 1) {
        throw new SwitchboardException(Problem.INVALID_REQUEST, "'" + name + "' may be given once per subscription.");
      }
      return values.get(0);
    }
  }
}
