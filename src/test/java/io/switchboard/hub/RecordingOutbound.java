package io.switchboard.hub;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.session.Outbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A transport that records the frames it is sent after the session's opening frame; with
 * {@code stalled}, writes never complete (a peer that stopped reading).
 */
final class RecordingOutbound implements Outbound {
  final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  final AtomicReference<Disconnect> closedWith = new AtomicReference<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final boolean stalled;

  RecordingOutbound(boolean stalled) {
    this.stalled = stalled;
  }

  @Override
  public String transport() {
    return "test";
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    if (stalled) {
      return new CompletableFuture<>();
    }
    if (frame.kind() != Frame.Kind.WELCOME) {
      frames.add(frame);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close(Disconnect reason) {
    closedWith.compareAndSet(null, reason);
    closed.countDown();
  }

  /** The next {@code n} frames, waiting at most {@code timeout} for them. */
  List<Frame> take(int n, Duration timeout) throws InterruptedException {
    List<Frame> taken = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (taken.size() < n) {
      Frame frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (frame == null) {
        throw new AssertionError("only " + taken.size() + " of " + n + " frames arrived within " + timeout);
      }
      taken.add(frame);
    }
    return taken;
  }

  boolean awaitClose(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
