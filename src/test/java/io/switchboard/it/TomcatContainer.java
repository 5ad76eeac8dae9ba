package io.switchboard.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/** The WAR in embedded Tomcat 11, deployed as Tomcat deploys any WAR (web.xml, SCIs, default servlet). */
final class TomcatContainer {
  private TomcatContainer() {}

  static TestServer.Running start(Path war, Map<String, String> params, Path tmp) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(tmp.resolve("tomcat").toString());
    Files.createDirectories(tmp.resolve("tomcat/webapps"));
    tomcat.setPort(0);
    // Tomcat closes a keep-alive connection after 100 requests by default; a client that sent its
    // next request at that moment sees the connection drop. Jetty has no such limit; match it.
    if (!tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1")) {
      throw new IllegalStateException("the connector did not take maxKeepAliveRequests");
    }
    Context context = tomcat.addWebapp("", war.toAbsolutePath().toString());
    params.forEach(context::addParameter);
    tomcat.start();
    URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/");
    return new TestServer.Running(base, () -> {
      tomcat.stop();
      tomcat.destroy();
    }, () -> {
      // Tomcat drops programmatic init parameters when a context stops (web.xml is read anew at
      // start), as a standalone Tomcat would re-read them from its context XML: add them again.
      context.stop();
      params.forEach((name, value) -> {
        if (context.findParameter(name) == null) {
          context.addParameter(name, value);
        }
      });
      context.start();
    });
  }
}
