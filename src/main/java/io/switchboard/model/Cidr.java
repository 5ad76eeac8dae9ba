package io.switchboard.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a
 * block of one), as settings name them: the webhooks' allow-list, the trusted proxies. Only
 * literals are parsed: no name is ever resolved.
 */
public record Cidr(byte[] network, int prefix) {
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  /** @throws IllegalArgumentException if {@code cidr} is not an address or a block */
  public static Cidr parse(String cidr) {
    int slash = cidr.indexOf('/');
    String host = slash < 0 ? cidr : cidr.substring(0, slash);
    byte[] network = literal(host).orElseThrow(() -> new IllegalArgumentException("'" + cidr + "' is not an address"))
        .getAddress();
    int prefix;
    try {
      prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length", e);
    }
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
    }
    return new Cidr(network, prefix);
  }

  /** Comma-separated blocks; blanks are skipped. */
  public static List<Cidr> parseList(String list) {
    List<Cidr> blocks = new ArrayList<>();
    for (String entry : list.split(",")) {
      if (!entry.isBlank()) {
        blocks.add(parse(entry.trim()));
      }
    }
    return List.copyOf(blocks);
  }

  /** An IP address literal (IPv6 with or without brackets), or empty for anything else; never resolves a name. */
  public static Optional<InetAddress> literal(String text) {
    String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    int scope = host.indexOf('%');
    String bare = scope < 0 ? host : host.substring(0, scope);
    if (bare.isEmpty() || !LITERAL.matcher(bare).matches() || (!bare.contains(":") && !bare.contains("."))) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bare));
    } catch (UnknownHostException malformed) {
      return Optional.empty();
    }
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(bytes.length * 8).subtract(BigInteger.ONE).shiftRight(prefix).not();
    return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
  }
}
