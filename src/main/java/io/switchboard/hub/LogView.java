package io.switchboard.hub;

import io.switchboard.concurrent.DaemonThreads;
import io.switchboard.model.Cursor;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Problem;
import io.switchboard.model.Query;
import io.switchboard.model.SwitchboardException;
import io.switchboard.model.Topic;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.EncodedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The log as subscribers read it back: stateless pages for consumers that keep their own cursor
 * (long-poll, webhooks), and the catch-up of a new subscription from its cursor. Catch-ups run on
 * their own threads (they wait for slow clients), so a long replay never delays live delivery and
 * one stuck client does not hold up the others.
 */
final class LogView implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LogView.class.getName());
  /** How many pages a stateless read scans for an event in its view before it answers with none. */
  private static final int MAX_SCAN_PAGES = 8;

  private final EventLog log;
  private final ExecutorService catchUps = Executors.newCachedThreadPool(DaemonThreads.named("switchboard-catch-up"));

  LogView(EventLog log) {
    this.log = log;
  }

  Cursor now() {
    return new Cursor(log.lastSeq());
  }

  /** See {@link Hub#read}. */
  Hub.Batch read(Cursor from, List<Topic> topics, List<Query.Filter> filter, Visibility visibility, int limit) {
    Set<String> logTopics = topics.stream().map(Topic::logTopic).collect(Collectors.toSet());
    if (from.seq() > log.lastSeq()) {
      throw expired(from);
    }
    List<Hub.Item> items = new ArrayList<>();
    long after = from.seq();
    for (int pages = 0; pages < MAX_SCAN_PAGES && items.isEmpty(); pages++) {
      List<Event> page = log.after(after, logTopics, limit);
      for (Event event : page) {
        after = event.seq();
        EventType type = topics.stream().anyMatch(t -> t.matches(event)) ? Subscription.view(filter, visibility, event) : null;
        if (type != null) {
          items.add(new Hub.Item(event.seq(), type, new EncodedEvent(event)));
        }
      }
      if (page.size() < limit) {
        break;
      }
    }
    // Checked after reading: the horizon only moves up, so a prune racing the read is caught here.
    if (from.seq() < log.horizon(logTopics)) {
      throw expired(from);
    }
    return new Hub.Batch(items, new Cursor(after));
  }

  private static SwitchboardException expired(Cursor from) {
    return new SwitchboardException(Problem.CURSOR_EXPIRED, "Cursor " + from
        + " is older than the retained log (or not from this log): fetch a new snapshot and continue from its cursor.");
  }

  /**
   * Replays the log after {@code from} into a subscription already in the index (so nothing falls
   * between the replay and the live feed), then lets it go live. A cursor older than the log's
   * horizon, or beyond its end, gets a {@code reset}, then live events from now.
   */
  void catchUp(Subscription subscription, Cursor from) {
    catchUps.execute(() -> {
      try {
        long now = log.lastSeq();
        if (from.seq() < log.horizon(subscription.logTopics()) || from.seq() > now) {
          subscription.reset(now);
        } else {
          subscription.startAt(from.seq());
        }
        do {
          replay(subscription, subscription.position());
        } while (subscription.isActive() && !subscription.goLive());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Catch-up of subscription " + subscription.name() + " failed", e);
        subscription.receiver().close(Disconnect.SERVER_ERROR);
      }
    });
  }

  private void replay(Subscription subscription, long after) {
    List<Event> page;
    do {
      page = log.after(after, subscription.logTopics(), Dispatcher.PAGE);
      for (Event event : page) {
        if (!subscription.isActive()) {
          return;
        }
        if (subscription.matches(event)) {
          subscription.replayed(new EncodedEvent(event));
        }
        after = event.seq();
      }
    } while (page.size() == Dispatcher.PAGE);
  }

  @Override
  public void close() {
    catchUps.shutdownNow();
  }
}
