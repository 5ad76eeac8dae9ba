package io.switchboard.webhooks;

import io.switchboard.model.Cidr;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF guard of webhook targets. Refuses schemes other than http/https and any host that
 * resolves to an address that is loopback, unspecified, private (RFC 1918, IPv6 unique-local),
 * carrier-grade NAT, link-local (which holds the cloud metadata address 169.254.169.254),
 * multicast or broadcast, unless the address is inside one of the allow-list's CIDR blocks
 * ({@code switchboard.webhooks.allow}, e.g. {@code 127.0.0.1/32,10.1.0.0/16}). The same check runs
 * when an endpoint is registered and again for the addresses of every connection (see
 * {@link #resolve}), so a name that later resolves elsewhere (DNS rebinding) gets nowhere.
 */
public final class AddressPolicy {
  /** Name resolution, replaceable in tests. */
  @FunctionalInterface
  public interface Lookup {
    InetAddress[] all(String host) throws UnknownHostException;
  }

  private static final List<Cidr> REFUSED = List.of(
      Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
      Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"),
      Cidr.parse("192.0.0.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"),
      Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
      Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("64:ff9b::/96"),
      Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("ff00::/8"));

  private final List<Cidr> allowed;
  private final Lookup lookup;

  /** @param allowList comma-separated CIDR blocks (or single addresses) let through despite the rules */
  public AddressPolicy(String allowList, Lookup lookup) {
    try {
      this.allowed = Cidr.parseList(allowList);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Setting switchboard.webhooks.allow: " + e.getMessage(), e);
    }
    this.lookup = lookup;
  }

  /** Whether a connection to {@code address} is allowed. */
  public boolean allows(InetAddress address) {
    for (Cidr block : allowed) {
      if (block.contains(address)) {
        return true;
      }
    }
    for (Cidr block : REFUSED) {
      if (block.contains(address)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a target URL at registration; returns it normalised.
   *
   * @throws SwitchboardException {@link Problem#VALIDATION_FAILED} saying why it is refused
   */
  public URI check(String url) {
    URI uri;
    try {
      uri = new URI(url).normalize();
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw refused("\"url\" is not a valid URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused("\"url\" must be an http or https URL.");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw refused("\"url\" must name a host, with no user info and no fragment.");
    }
    try {
      resolve(uri.getHost());
    } catch (UnknownHostException e) {
      throw refused("\"url\" is refused: " + e.getMessage());
    }
    return uri;
  }

  /**
   * The addresses a connection to {@code host} may use: all of them, or an exception if any is
   * refused (a name with one private address among public ones is refused as a whole).
   */
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = lookup.all(bare);
    } catch (UnknownHostException e) {
      throw new UnknownHostException(bare + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!allows(address)) {
        throw new UnknownHostException(bare + " resolves to " + address.getHostAddress()
            + ", a loopback, private, link-local, multicast or reserved address; webhooks may not target it"
            + " (an operator can allow it with switchboard.webhooks.allow)");
      }
    }
    return addresses;
  }

  private static SwitchboardException refused(String detail) {
    return new SwitchboardException(Problem.VALIDATION_FAILED, detail);
  }
}
