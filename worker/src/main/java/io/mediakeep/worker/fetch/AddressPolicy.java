package io.mediakeep.worker.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides which resolved addresses a source may live at. Everything that is not a public unicast
 * address is refused: loopback, private, CGNAT, link-local, unique-local, multicast, reserved,
 * documentation and benchmark ranges, cloud metadata addresses, and every IPv6 form that embeds an
 * IPv4 address (so a private IPv4 address cannot hide inside one). An IPv4-mapped address ({@code
 * ::ffff:a.b.c.d}) is judged as the IPv4 address it reaches: a literal is unwrapped by {@link
 * InetAddress} already, but a DNS answer of that form stays an IPv6 address.
 */
public final class AddressPolicy {

  private static final List<Blocked> BLOCKED =
      List.of(
          new Blocked("0.0.0.0/8", "this-network"),
          new Blocked("10.0.0.0/8", "private (RFC 1918)"),
          new Blocked("100.64.0.0/10", "carrier-grade NAT"),
          new Blocked("127.0.0.0/8", "loopback"),
          new Blocked("169.254.0.0/16", "link-local / cloud metadata"),
          new Blocked("172.16.0.0/12", "private (RFC 1918)"),
          new Blocked("192.0.0.0/24", "IETF protocol assignments"),
          new Blocked("192.0.2.0/24", "documentation"),
          new Blocked("192.88.99.0/24", "6to4 relay"),
          new Blocked("192.168.0.0/16", "private (RFC 1918)"),
          new Blocked("198.18.0.0/15", "benchmarking"),
          new Blocked("198.51.100.0/24", "documentation"),
          new Blocked("203.0.113.0/24", "documentation"),
          new Blocked("224.0.0.0/4", "multicast"),
          new Blocked("240.0.0.0/4", "reserved"),
          new Blocked("::/128", "unspecified"),
          new Blocked("::1/128", "loopback"),
          new Blocked("::/96", "IPv4-compatible IPv6"),
          new Blocked("::ffff:0:0:0/96", "IPv4-translated IPv6"),
          new Blocked("64:ff9b::/96", "NAT64"),
          new Blocked("64:ff9b:1::/48", "local NAT64"),
          new Blocked("100::/64", "discard-only"),
          new Blocked("2001::/32", "Teredo"),
          new Blocked("2001:db8::/32", "documentation"),
          new Blocked("2002::/16", "6to4"),
          new Blocked("fc00::/7", "unique-local / cloud metadata"),
          new Blocked("fe80::/10", "link-local"),
          new Blocked("fec0::/10", "site-local"),
          new Blocked("ff00::/8", "multicast"));

  private final List<Cidr> exempt;

  public AddressPolicy(List<Cidr> exempt) {
    this.exempt = List.copyOf(exempt);
  }

  /** Whether the address is in an exempt network ({@code MEDIAKEEP_FETCH_ALLOW}). */
  public boolean exempt(InetAddress resolved) {
    InetAddress address = unmapped(resolved);
    return exempt.stream().anyMatch(c -> c.contains(address));
  }

  /** Why the address is refused, or empty when a source may live there. */
  public Optional<String> refusal(InetAddress resolved) {
    InetAddress address = unmapped(resolved);
    if (exempt.stream().anyMatch(c -> c.contains(address))) {
      return Optional.empty();
    }
    String shown =
        address == resolved
            ? address.getHostAddress()
            : resolved.getHostAddress() + " (" + address.getHostAddress() + ")";
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return Optional.of(shown + " is not a public address");
    }
    return BLOCKED.stream()
        .filter(b -> b.range.contains(address))
        .findFirst()
        .map(b -> shown + " is " + b.why);
  }

  /** The IPv4 address an IPv4-mapped IPv6 address reaches; any other address as it is. */
  private static InetAddress unmapped(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != 16 || bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return address;
      }
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  private record Blocked(Cidr range, String why) {
    Blocked(String cidr, String why) {
      this(Cidr.parse(cidr), why);
    }
  }
}
