package io.switchboard.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The WAR deployed the way the README says: a Jetty 12 distribution ({@code it.jetty.home}, unpacked
 * by the build) running the repository's {@code jetty-config} Jetty base in its own process.
 * Settings travel as {@code -Dswitchboard.*} system properties.
 */
final class StandaloneJettyContainer {
  private StandaloneJettyContainer() {}

  static TestServer.Running start(Map<String, String> params, Path tmp) throws Exception {
    int port = freePort();
    Process[] jetty = {launch(params, tmp, port)};
    return new TestServer.Running(URI.create("http://127.0.0.1:" + port + "/"), () -> stop(jetty[0]), () -> {
      stop(jetty[0]);
      jetty[0] = launch(params, tmp, port);
    });
  }

  private static void stop(Process jetty) throws InterruptedException {
    jetty.destroy();
    if (!jetty.waitFor(20, TimeUnit.SECONDS)) {
      jetty.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts the distribution on {@code port} and waits until it serves the API. */
  private static Process launch(Map<String, String> params, Path tmp, int port) throws Exception {
    Path home = Path.of(System.getProperty("it.jetty.home"));
    Path base = Path.of(System.getProperty("it.jetty.base", "jetty-config")).toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    params.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", home.resolve("start.jar").toString(), "jetty.base=" + base,
        "jetty.http.port=" + port, "jetty.http.host=127.0.0.1"));
    Process jetty = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("jetty.log").toFile())).start();
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    HttpClient client = HttpClient.newHttpClient();
    try {
      await("standalone Jetty serving " + uri).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            if (!jetty.isAlive()) {
              throw new IllegalStateException("Jetty exited; see " + tmp.resolve("jetty.log"));
            }
            try {
              return client.send(HttpRequest.newBuilder(uri.resolve("api")).header("Authorization", TestServer.ADMIN)
                      .timeout(Duration.ofSeconds(5)).build(),
                  BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
              return false;
            }
          });
    } catch (RuntimeException e) {
      jetty.destroyForcibly();
      throw e;
    }
    return jetty;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
