package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {
  private static final String HOST = "127.0.0.1:8080";
  private final Origins origins = Origins.of(" https://app.example.com , http://localhost:5173,http://h");

  private boolean allowed(String origin) {
    return origins.allows(origin, "http", HOST);
  }

  @Test
  void the_servers_own_origin_is_allowed_without_configuration() {
    assertTrue(Origins.of("").allows("http://127.0.0.1:8080", "http", HOST));
    assertTrue(Origins.of("").allows("HTTP://LOCALHOST", "http", "localhost"), "scheme and host compare case-insensitively");
    assertTrue(Origins.of("").allows("https://[::1]:8443", "https", "[::1]:8443"));
  }

  @Test
  void configured_origins_are_allowed_exactly() {
    assertTrue(allowed("https://app.example.com"));
    assertTrue(allowed("https://app.example.com:443"), "the default port is the same origin");
    assertTrue(allowed("http://localhost:5173"));
    assertTrue(allowed("http://h:80"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://app.example.com",         // other scheme
      "https://app.example.com:8443",   // other port
      "https://evil-app.example.com",   // look-alike prefix
      "https://app.example.com.evil.com", // look-alike suffix
      "https://sub.app.example.com",    // no subdomain matching
      "https://example.com",            // nor parent domains
      "http://localhost:5174",
      "http://127.0.0.1:8081",          // the server's host on another port
      "https://127.0.0.1:8080",         // the server's host and port over another scheme
      "http://127.0.0.1.evil.com",
      "http://127.0.0.1.evil.com:8080",
      "http://evil127.0.0.1:8080",
      "http://evil-h",
      "http://h.evil.com",
      "null",
      "*",
      "",
      "127.0.0.1:8080",                 // no scheme
      "ws://127.0.0.1:8080",            // not a browser origin
      "file://",
      "http://127.0.0.1:8080/",         // an origin has no path
      "http://127.0.0.1:8080/path",
      "http://127.0.0.1:8080?q",
      "http://user@127.0.0.1:8080",     // nor user info
      "http://127.0.0.1:8080 http://evil.example", // an origin list is not an origin
      "http://app.example.com\u0000"})
  void everything_else_is_refused(String origin) {
    assertFalse(allowed(origin), origin);
  }

  @Test
  void no_origin_and_no_host_match_nothing() {
    assertFalse(allowed(null));
    assertFalse(Origins.of("").allows("http://127.0.0.1:8080", "http", null));
  }

  @Test
  void canonical_form_makes_the_default_port_explicit() {
    assertEquals("http://h:80", Origins.canonical("http://H"));
    assertEquals("https://h:443", Origins.canonical("https://h"));
    assertEquals("https://h:8443", Origins.canonical("https://h:8443"));
    assertNull(Origins.canonical("https://h:0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "null", "https://*.example.com", "app.example.com", "https://app.example.com/",
      "ftp://files.example.com"})
  void a_configured_entry_that_is_not_an_origin_fails_at_startup_naming_it(String entry) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Origins.of("http://ok, " + entry));
    assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
  }
}
