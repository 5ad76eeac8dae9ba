package bench;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The reference server of the benchmarks: Jetty 12 ee11 (the launcher's version) with the
 * smallest code that serves the same traffic as Switchboard, from memory.
 *
 * <ul>
 *   <li>{@code GET /api/bench/{id}}: the same ~200-byte JSON document every time;</li>
 *   <li>{@code POST /api/bench}: reads the body, answers 201 with it (nothing is stored);</li>
 *   <li>{@code POST /publish}: sends the body as one text frame to every WebSocket client of
 *       {@code /ws} and as one {@code data:} event to every {@code /sse} client.</li>
 * </ul>
 * Usage: {@code java -cp ... bench.RawJetty <port>}.
 */
public final class RawJetty {
  static final byte[] DOC = ("{\"id\":\"doc\",\"version\":1,\"createdAt\":\"2026-11-22T00:00:00.000Z\","
      + "\"updatedAt\":\"2026-11-22T00:00:00.000Z\",\"title\":\"A benchmark document of about two hundred bytes\","
      + "\"done\":false,\"priority\":3,\"tags\":[\"bench\",\"reference\"]}").getBytes(StandardCharsets.UTF_8);
  static final Set<Session> SOCKETS = ConcurrentHashMap.newKeySet();
  static final Set<AsyncContext> STREAMS = ConcurrentHashMap.newKeySet();
  static final AtomicLong IDS = new AtomicLong();

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new Api()), "/api/*");
    context.addServlet(new ServletHolder(new Publish()), "/publish");
    ServletHolder sse = new ServletHolder(new Sse());
    sse.setAsyncSupported(true);
    context.addServlet(sse, "/sse");
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
        container.addEndpoint(ServerEndpointConfig.Builder.create(Broadcast.class, "/ws").build()));
    server.setHandler(context);
    server.start();
    System.out.println("raw jetty ready on " + connector.getLocalPort());
    server.join();
  }

  /** The REST half: one document from memory, creates echoed. */
  public static final class Api extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setContentLength(DOC.length);
      resp.getOutputStream().write(DOC);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] body = req.getInputStream().readAllBytes();
      resp.setStatus(201);
      resp.setHeader("Location", "/api/bench/" + IDS.incrementAndGet());
      resp.setContentType("application/json");
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
    }
  }

  /** Broadcasts the body to every WebSocket and SSE client. */
  public static final class Publish extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String text = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (Session socket : SOCKETS) {
        socket.getAsyncRemote().sendText(text);
      }
      byte[] event = ("data: " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
      for (AsyncContext stream : STREAMS) {
        try {
          ServletOutputStream out = stream.getResponse().getOutputStream();
          synchronized (stream) {
            out.write(event);
            out.flush();
          }
        } catch (IOException | IllegalStateException gone) {
          STREAMS.remove(stream);
        }
      }
      resp.setStatus(202);
    }
  }

  /** SSE: registers the stream and keeps it open. */
  public static final class Sse extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/event-stream");
      resp.setHeader("Cache-Control", "no-cache");
      AsyncContext async = req.startAsync();
      async.setTimeout(0);
      resp.getOutputStream().write(": open\n\n".getBytes(StandardCharsets.UTF_8));
      resp.flushBuffer();
      STREAMS.add(async);
    }
  }

  /** A WebSocket client: kept in the broadcast set while open. */
  public static final class Broadcast extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      SOCKETS.add(session);
    }

    @Override
    public void onClose(Session session, jakarta.websocket.CloseReason reason) {
      SOCKETS.remove(session);
    }
  }
}
