package io.switchboard.hub;

import io.switchboard.model.Topic;
import java.util.Collection;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who is subscribed to a topic, derived from the subscriptions themselves, and the join/leave
 * announcements to those who watch. A connection joins a topic when its first subscription to it
 * starts and leaves when its last one ends (the connection decides; see its subscribe and
 * unsubscribe), so two subscriptions to one topic make one member. Presence is this node's.
 */
final class Presence {
  private final SubscriptionIndex index;

  Presence(SubscriptionIndex index) {
    this.index = index;
  }

  /** The ids of the live connections per principal, both in order. */
  Map<String, SortedSet<String>> members(Topic topic) {
    return index.of(topic).map(Subscription::receiver).filter(Receiver::isOpen)
        .collect(Collectors.groupingBy(r -> r.peer().principal(), TreeMap::new,
            Collectors.mapping(Receiver::id, Collectors.toCollection(TreeSet::new))));
  }

  /** Tells the watchers of each topic (but {@code who} itself) that {@code who} joined or left it. */
  void announce(Receiver who, Collection<Topic> topics, String action) {
    for (Topic topic : topics) {
      index.watching(topic).filter(s -> s.receiver() != who).forEach(s -> s.presence(topic, action, who));
    }
  }
}
