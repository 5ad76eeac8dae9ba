package io.switchboard.webhooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private final AddressPolicy strict = new AddressPolicy("", host -> new InetAddress[] {ip("93.184.215.14")});

  @Test
  void internal_and_reserved_addresses_are_refused_public_ones_allowed() {
    for (String refused : new String[] {"127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::",
        "fe80::1", "fd00:ec2::254", "fc00::1", "ff02::1", "::ffff:10.0.0.1"}) {
      assertFalse(strict.allows(ip(refused)), refused);
    }
    for (String allowed : new String[] {"93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111"}) {
      assertTrue(strict.allows(ip(allowed)), allowed);
    }
  }

  @Test
  void the_allow_list_lets_its_blocks_through_and_nothing_else() {
    AddressPolicy policy = new AddressPolicy("127.0.0.2/32, 10.1.0.0/16", host -> new InetAddress[0]);
    assertTrue(policy.allows(ip("127.0.0.2")));
    assertTrue(policy.allows(ip("10.1.255.1")));
    assertFalse(policy.allows(ip("127.0.0.1")));
    assertFalse(policy.allows(ip("10.2.0.1")));
    assertThrows(IllegalArgumentException.class, () -> new AddressPolicy("example.com", host -> new InetAddress[0]));
    assertThrows(IllegalArgumentException.class, () -> new AddressPolicy("10.0.0.0/33", host -> new InetAddress[0]));
  }

  @Test
  void a_name_is_refused_if_any_of_its_addresses_is() {
    AddressPolicy policy = new AddressPolicy("", host -> new InetAddress[] {ip("93.184.215.14"), ip("10.0.0.7")});
    SwitchboardException e = assertThrows(SwitchboardException.class, () -> policy.check("https://mixed.example/hook"));
    assertEquals(Problem.VALIDATION_FAILED, e.problem());
    assertTrue(e.getMessage().contains("10.0.0.7"), e.getMessage());
  }

  @Test
  void schemes_user_info_and_unresolvable_names_are_refused() {
    for (String url : new String[] {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com/",
        "http://user:pw@example.com/", "/relative", "http:///nohost", "not a url"}) {
      assertThrows(SwitchboardException.class, () -> strict.check(url), url);
    }
    AddressPolicy nowhere = new AddressPolicy("", host -> {
      throw new UnknownHostException(host);
    });
    assertThrows(SwitchboardException.class, () -> nowhere.check("https://nowhere.invalid/"));
  }

  /** DNS rebinding: registration saw a public address; the connection's lookup gets an internal one. */
  @Test
  void every_connection_is_checked_again_so_a_rebound_name_is_refused() throws Exception {
    Deque<InetAddress> answers = new ArrayDeque<>();
    answers.add(ip("93.184.215.14"));
    answers.add(ip("169.254.169.254"));
    AddressPolicy policy = new AddressPolicy("", host -> new InetAddress[] {answers.poll()});
    assertEquals("https://rebind.example/hook", policy.check("https://rebind.example/hook").toString());
    UnknownHostException refused = assertThrows(UnknownHostException.class, () -> policy.resolve("rebind.example"));
    assertTrue(refused.getMessage().contains("169.254.169.254"), refused.getMessage());
    AddressPolicy stable = new AddressPolicy("", host -> new InetAddress[] {ip("93.184.215.14")});
    assertArrayEquals(new InetAddress[] {ip("93.184.215.14")}, stable.resolve("stable.example"));
  }
}
