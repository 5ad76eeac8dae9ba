package io.switchboard.concurrent;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads for the realtime machinery: they never keep a stopping server alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
