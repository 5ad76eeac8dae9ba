package io.switchboard.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately mute WebSocket peer over a plain socket: it performs the RFC 6455 opening
 * handshake itself, then only reads frames and never answers anything, not even a ping (which
 * Tyrus and the JDK client answer on their own). It counts the pings it ignored and reports the
 * server's close frame.
 */
final class RawWebSocket implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private final Socket socket;
  private final DataInputStream in;
  int pings;

  /** A close frame as received: the status code (or -1 if it carried none) and the reason text. */
  record Close(int code, String reason) {}

  private RawWebSocket(Socket socket, DataInputStream in) {
    this.socket = socket;
    this.in = in;
  }

  /** Connects to {@code realtime/ws} with the switchboard.v1 subprotocol; fails unless the server switches protocols. */
  static RawWebSocket open(URI base) throws Exception {
    return open(base, "", "Authorization", TestServer.ADMIN);
  }

  /** Connects to {@code realtime/ws} + {@code query} with {@code headers} (name/value pairs) on the handshake. */
  static RawWebSocket open(URI base, String query, String... headers) throws Exception {
    Handshake handshake = handshake(base, query, headers);
    if (!handshake.accepted()) {
      handshake.socket().close();
      throw new AssertionError("the server did not accept the WebSocket handshake:\n" + handshake.head());
    }
    return new RawWebSocket(handshake.socket(), handshake.in());
  }

  /** A handshake's answer: the response head, and whether it switched protocols with the right accept key. */
  record Handshake(String head, boolean accepted, Socket socket, DataInputStream in) {
    int status() {
      return Integer.parseInt(head.substring(9, 12));
    }
  }

  /** Sends a handshake and reads the answer's head, whatever it is (a refusal's status, or 101). */
  static Handshake handshake(URI base, String query, String... headers) throws Exception {
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(10_000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < headers.length; i += 2) {
      extra.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    String request = "GET /realtime/ws" + query + " HTTP/1.1\r\n"
        + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: switchboard.v1\r\n"
        + extra
        + "\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String head = readHead(in);
    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
        .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
    boolean accepted = head.startsWith("HTTP/1.1 101")
        && head.toLowerCase().contains("sec-websocket-accept: " + accept.toLowerCase());
    if (!accepted) {
      socket.close();
    }
    return new Handshake(head, accepted, socket, in);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /**
   * Reads (and ignores) every frame until the server's close frame, which it returns; fails if
   * none arrives within {@code timeout} or the connection drops without one.
   */
  Close awaitClose(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      int b0;
      try {
        b0 = in.read();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no close frame within " + timeout + " (ignored " + pings + " pings)");
      }
      if (b0 < 0) {
        throw new AssertionError("the connection ended without a close frame (ignored " + pings + " pings)");
      }
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      if ((b1 & 0x80) != 0) {
        throw new AssertionError("the server masked a frame, which RFC 6455 forbids");
      }
      byte[] payload = new byte[Math.toIntExact(length)];
      in.readFully(payload);
      switch (b0 & 0x0f) {
        case 0x9 -> pings++;
        case 0x8 -> {
          return payload.length < 2 ? new Close(-1, "")
              : new Close(((payload[0] & 0xff) << 8) | (payload[1] & 0xff),
                  new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
        }
        default -> { }
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
