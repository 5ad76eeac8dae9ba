package io.switchboard.web.rest;

import io.switchboard.protocol.Disconnect;
import io.switchboard.session.Realtime;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/**
 * Tells every realtime client the server is going away ({@link Disconnect#GOING_AWAY}) when Jersey
 * shuts down, while SSE and NDJSON responses can still be written: the Servlet specification
 * destroys filters (Jersey) before it notifies context listeners, and once Jersey is gone the
 * container ends those responses, so the composition root's own close would come too late for them.
 */
final class GoingAway implements ContainerLifecycleListener {
  private final Realtime realtime;

  GoingAway(Realtime realtime) {
    this.realtime = realtime;
  }

  @Override
  public void onStartup(Container container) {
    // Nothing to do: the composition root has started the realtime core.
  }

  @Override
  public void onReload(Container container) {
    // Jersey reloads only its own configuration; connections stay.
  }

  @Override
  public void onShutdown(Container container) {
    realtime.closeAll(Disconnect.GOING_AWAY);
  }
}
