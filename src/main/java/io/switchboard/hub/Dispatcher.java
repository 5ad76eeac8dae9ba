package io.switchboard.hub;

import io.switchboard.concurrent.DaemonThreads;
import io.switchboard.model.Event;
import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.EncodedEvent;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * The log tail and the fan-out lanes. One tail thread reads committed events in sequence order
 * (woken by {@link #wake()} after every local commit, and at least once a second, which also picks
 * up other nodes' commits), encodes each once, and hands it to every lane that has a subscription
 * to its topic. Each lane is one thread delivering to the subscriptions of its own receivers
 * ({@link SubscriptionIndex#laneOf}), so sends for different connections run in parallel on every
 * core while each connection still sees its events in log order.
 *
 * <p>Lane queues are bounded: when a lane falls behind, the tail waits for it, which costs nothing
 * but latency, since every event stays in the log. Lanes never block: receivers queue without
 * waiting (an idle WebSocket writes at once, on the lane thread) and cut off a client that does
 * not keep up. No lane holds a lock another lane needs.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
  static final int PAGE = 512;
  private static final int LANE_QUEUE = 4096;

  private final EventLog log;
  private final SubscriptionIndex index;
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
  private final List<Lane> lanes;
  private final Thread tail;
  private volatile boolean running = true;
  /** The last sequence number dispatched; the tail thread's alone. */
  private long position;

  Dispatcher(EventLog log, SubscriptionIndex index) {
    this.log = log;
    this.index = index;
    this.position = log.lastSeq();
    this.lanes = IntStream.range(0, index.lanes()).mapToObj(Lane::new).toList();
    this.tail = DaemonThreads.named("switchboard-hub").newThread(this::run);
    lanes.forEach(lane -> lane.thread.start());
    tail.start();
  }

  /** Called after a commit, from any thread: the tail reads the log now. Never blocks. */
  void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  private void run() {
    while (running) {
      try {
        wakeups.poll(1, TimeUnit.SECONDS);
        List<Event> batch;
        do {
          batch = log.after(position, PAGE);
          for (Event event : batch) {
            dispatch(event);
          }
        } while (batch.size() == PAGE && running);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "The hub could not read the event log; retrying", e);
      }
    }
  }

  private void dispatch(Event event) throws InterruptedException {
    EncodedEvent encoded = null;
    for (Lane lane : lanes) {
      if (index.any(lane.number, event.topic())) {
        if (encoded == null) {
          encoded = new EncodedEvent(event);
        }
        lane.queue.put(encoded);
      }
    }
    position = event.seq();
  }

  /** One fan-out thread and its bounded queue of events, in log order. */
  private final class Lane {
    final int number;
    final BlockingQueue<EncodedEvent> queue = new ArrayBlockingQueue<>(LANE_QUEUE);
    final Thread thread;

    Lane(int number) {
      this.number = number;
      this.thread = DaemonThreads.named("switchboard-lane-" + number).newThread(this::run);
    }

    private void run() {
      while (running) {
        EncodedEvent event;
        try {
          event = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        for (Subscription subscription : index.in(number, event.event().topic())) {
          try {
            if (subscription.matches(event.event())) {
              subscription.live(event);
            }
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivering event " + event.event().seq() + " failed; closing its connection", e);
            subscription.receiver().close(Disconnect.SERVER_ERROR);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    tail.interrupt();
    lanes.forEach(lane -> lane.thread.interrupt());
  }
}
