package io.switchboard.webhooks;

import io.switchboard.protocol.Disconnect;
import io.switchboard.protocol.Frame;
import io.switchboard.session.Outbound;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A delivery loop's connection to the realtime door: the hub's events only wake the loop, which
 * reads the log itself from its stored cursor; it also lists the endpoint in {@code /admin/sessions}
 * as transport {@code webhook}. Never blocks.
 */
final class Wakeup implements Outbound {
  private final Runnable wake;

  Wakeup(Runnable wake) {
    this.wake = wake;
  }

  @Override
  public String transport() {
    return "webhook";
  }

  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public CompletionStage<Void> write(Frame frame) {
    if (frame.kind() == Frame.Kind.EVENT) {
      wake.run();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close(Disconnect reason) {
    wake.run();
  }
}
