package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is counted and shown under, with and without trusted proxies. */
class ClientAddressTest {
  private final ClientAddress none = new ClientAddress("");
  private final ClientAddress proxies = new ClientAddress("10.0.0.0/8, 127.0.0.1/32,::1/128");

  @Test
  void without_trusted_proxies_x_forwarded_for_is_ignored() {
    assertEquals("203.0.113.9", none.resolve("203.0.113.9", List.of("198.51.100.1")));
    assertEquals("127.0.0.1", none.resolve("127.0.0.1", List.of("198.51.100.1")));
  }

  @Test
  void from_an_untrusted_peer_x_forwarded_for_is_ignored_even_when_proxies_are_configured() {
    assertEquals("203.0.113.9", proxies.resolve("203.0.113.9", List.of("198.51.100.1, 10.0.0.1")));
  }

  @Test
  void from_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
    assertEquals("198.51.100.1", proxies.resolve("10.1.2.3", List.of("198.51.100.1")));
    assertEquals("198.51.100.2", proxies.resolve("10.1.2.3", List.of("6.6.6.6, 198.51.100.2, 10.9.9.9")),
        "what the client wrote itself (6.6.6.6) is left of what the proxies vouched for");
    assertEquals("198.51.100.3", proxies.resolve("127.0.0.1", List.of("1.1.1.1", "198.51.100.3")),
        "several header lines are one list");
  }

  @Test
  void a_trusted_proxy_with_no_or_only_trusted_hops_is_itself_or_the_leftmost_proxy() {
    assertEquals("10.1.2.3", proxies.resolve("10.1.2.3", List.of()));
    assertEquals("10.0.0.5", proxies.resolve("10.1.2.3", List.of("10.0.0.5, 10.0.0.6")));
  }

  @Test
  void a_hop_that_is_no_address_stops_the_walk_at_the_last_good_one() {
    assertEquals("10.0.0.6", proxies.resolve("10.1.2.3", List.of("198.51.100.1, unknown, 10.0.0.6")));
    assertEquals("10.1.2.3", proxies.resolve("10.1.2.3", List.of("evil.example")), "names are never resolved");
  }

  @Test
  void ports_brackets_and_ipv6_spellings_come_out_canonical() {
    assertEquals("198.51.100.4", proxies.resolve("10.1.2.3", List.of("198.51.100.4:4711")));
    assertEquals("2001:db8:0:0:0:0:0:1", proxies.resolve("::1", List.of("[2001:db8::1]:4711")));
    assertEquals("2001:db8:0:0:0:0:0:2", proxies.resolve("0:0:0:0:0:0:0:1", List.of("2001:db8::2")));
    assertEquals("0:0:0:0:0:0:0:1", none.resolve("[::1]", List.of()));
  }

  @Test
  void a_setting_that_is_no_cidr_block_is_refused_at_start() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientAddress("proxy.local"));
    assertEquals(true, e.getMessage().contains("switchboard.http.trusted.proxies"));
  }
}
