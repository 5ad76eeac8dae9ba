package io.switchboard.hub;

import io.switchboard.model.Topic;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Which subscriptions listen to which log topic, split into one partition per hub lane: a
 * receiver's subscriptions all live in the partition of its lane ({@link #laneOf}), so each lane
 * walks only its own. Presence-watching subscriptions are indexed once more on their own, so a
 * join or leave on a topic nobody watches costs nothing. The index only indexes: connections own
 * their subscriptions. Thread-safe; sets are added to and removed from inside {@code compute}, so
 * no subscription is ever added to a set that is being dropped.
 */
final class SubscriptionIndex {
  private final List<Map<String, Set<Subscription>>> lanes;
  private final Map<String, Set<Subscription>> watchers = new ConcurrentHashMap<>();

  SubscriptionIndex(int lanes) {
    this.lanes = IntStream.range(0, lanes).mapToObj(i -> (Map<String, Set<Subscription>>) new ConcurrentHashMap<
        String, Set<Subscription>>()).toList();
  }

  int lanes() {
    return lanes.size();
  }

  int laneOf(Receiver receiver) {
    return (int) Math.floorMod(receiver.serial(), (long) lanes.size());
  }

  void add(Subscription s) {
    Map<String, Set<Subscription>> lane = lanes.get(laneOf(s.receiver()));
    for (String topic : s.logTopics()) {
      add(lane, topic, s);
      if (s.wantsPresence()) {
        add(watchers, topic, s);
      }
    }
  }

  /** Removes a subscription; true if it was indexed. */
  boolean remove(Subscription s) {
    Map<String, Set<Subscription>> lane = lanes.get(laneOf(s.receiver()));
    boolean removed = false;
    for (String topic : s.logTopics()) {
      removed |= remove(lane, topic, s);
      remove(watchers, topic, s);
    }
    return removed;
  }

  /** Whether lane {@code lane} has a subscription to {@code logTopic}: the dispatcher skips lanes that have none. */
  boolean any(int lane, String logTopic) {
    return lanes.get(lane).containsKey(logTopic);
  }

  /** The subscriptions of lane {@code lane} to {@code logTopic} (a live view). */
  Set<Subscription> in(int lane, String logTopic) {
    return lanes.get(lane).getOrDefault(logTopic, Set.of());
  }

  /** Every subscription to {@code topic} itself (not merely to its log topic), over all lanes. */
  Stream<Subscription> of(Topic topic) {
    return lanes.stream().flatMap(lane -> lane.getOrDefault(topic.logTopic(), Set.of()).stream())
        .filter(s -> s.topics().contains(topic));
  }

  /** The presence-watching subscriptions to {@code topic}. */
  Stream<Subscription> watching(Topic topic) {
    return watchers.getOrDefault(topic.logTopic(), Set.of()).stream().filter(s -> s.topics().contains(topic));
  }

  private static void add(Map<String, Set<Subscription>> map, String topic, Subscription s) {
    map.compute(topic, (key, set) -> {
      Set<Subscription> subscriptions = set == null ? ConcurrentHashMap.newKeySet() : set;
      subscriptions.add(s);
      return subscriptions;
    });
  }

  private static boolean remove(Map<String, Set<Subscription>> map, String topic, Subscription s) {
    boolean[] removed = {false};
    map.computeIfPresent(topic, (key, set) -> {
      removed[0] = set.remove(s);
      return set.isEmpty() ? null : set;
    });
    return removed[0];
  }
}
