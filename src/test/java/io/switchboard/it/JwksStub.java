package io.switchboard.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in OpenID Connect issuer: publishes its RSA keys at {@code /jwks.json} on 127.0.0.1,
 * counts fetches, and can {@link #rotate} to a new key the server has not seen yet. Tokens are
 * signed by hand ({@link Jwts}).
 */
final class JwksStub implements AutoCloseable {
  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "switchboard-oidc";

  private final HttpServer server;
  private final Map<String, KeyPair> keys = new LinkedHashMap<>();
  private final Map<String, KeyPair> published = new LinkedHashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile String current;

  JwksStub() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      byte[] body = jwks().toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    rotate();
  }

  /** A new signing key with a new kid, published from now on (earlier ones stay published). */
  synchronized String rotate() throws Exception {
    current = "k" + (keys.size() + 1);
    KeyPair pair = Jwts.rsa();
    keys.put(current, pair);
    published.put(current, pair);
    return current;
  }

  /** A key the issuer signs with but does not publish (a forger's). */
  synchronized String unpublished() throws Exception {
    String kid = "ghost" + keys.size();
    keys.put(kid, Jwts.rsa());
    return kid;
  }

  private synchronized ObjectNode jwks() {
    ObjectNode doc = Jwts.JSON.createObjectNode();
    ArrayNode list = doc.putArray("keys");
    published.forEach((kid, pair) -> list.add(Jwts.rsaJwk((RSAPublicKey) pair.getPublic(), kid)));
    return doc;
  }

  /** RS256 with the current key. */
  String sign(ObjectNode claims) throws Exception {
    return sign(claims, current);
  }

  synchronized String sign(ObjectNode claims, String kid) throws Exception {
    return Jwts.rs256(Jwts.header("RS256", "JWT", kid), claims, keys.get(kid).getPrivate());
  }

  /** Claims of a valid token for {@code sub}, valid {@code seconds}, with roles in realm_access.roles. */
  static ObjectNode claims(String sub, long seconds, String... roles) {
    ObjectNode claims = Jwts.claims(ISSUER, AUDIENCE, sub, seconds);
    ArrayNode list = claims.putObject("realm_access").putArray("roles");
    for (String role : roles) {
      list.add(role);
    }
    return claims;
  }

  int fetches() {
    return fetches.get();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
