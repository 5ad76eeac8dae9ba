package io.switchboard.it;

import io.switchboard.boot.Launcher;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;

/** The WAR in embedded Jetty 12 ee11, built by the launcher's own factory. */
final class JettyContainer {
  private JettyContainer() {}

  static TestServer.Running start(Path war, Map<String, String> params) throws Exception {
    Server jetty = Launcher.newServer(0, war, params);
    jetty.start();
    // A restart redeploys the web application: its listener closes and rebuilds Switchboard.
    return new TestServer.Running(URI.create("http://127.0.0.1:" + Launcher.port(jetty) + "/"), jetty::stop, () -> {
      jetty.getHandler().stop();
      jetty.getHandler().start();
    });
  }
}
