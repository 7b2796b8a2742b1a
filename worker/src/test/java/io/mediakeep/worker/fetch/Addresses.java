package io.mediakeep.worker.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Builds addresses without ever asking DNS, for tests that judge or fake resolutions. */
final class Addresses {

  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private Addresses() {}

  /**
   * An address from a canonical dotted quad or an IPv6 literal. The JDK parses those forms itself
   * and never resolves them; anything else fails the test instead of reaching a resolver.
   */
  static InetAddress literal(String text) {
    if (!DOTTED_QUAD.matcher(text).matches() && !text.contains(":")) {
      throw new IllegalArgumentException("not a literal address: " + text);
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** The address {@code host} stands for, as a resolver would return it. */
  static InetAddress named(String host, String literal) {
    try {
      return InetAddress.getByAddress(host, literal(literal).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  /**
   * {@code ::ffff:a.b.c.d} kept as an IPv6 address. {@link InetAddress#getByName} turns this form
   * into IPv4, but the system resolver hands a DNS AAAA answer of this form through unchanged, and
   * a connection to it reaches the IPv4 address.
   */
  static InetAddress mappedIpv6(String host, int a, int b, int c, int d) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xFF;
    bytes[11] = (byte) 0xFF;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    try {
      return Inet6Address.getByAddress(host, bytes, -1);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
