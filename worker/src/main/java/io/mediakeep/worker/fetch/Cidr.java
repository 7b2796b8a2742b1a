package io.mediakeep.worker.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation, such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
public record Cidr(byte[] network, int prefix) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");
  private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

  /**
   * Parses a full address literal with an optional prefix length. Shorthands such as {@code 10/8}
   * are refused: {@link InetAddress} would read that as {@code 0.0.0.10}, and would send anything
   * that is not a literal (a name, {@code 999.0.0.1}) to DNS.
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    byte[] address;
    if (IPV4.matcher(host).matches()) {
      address = ipv4(host, text);
    } else if (host.contains(":") && IPV6.matcher(host).matches()) {
      try {
        // Starts with a hex digit or ':' and holds a ':', so the JDK parses it as an IPv6 literal
        // and never resolves it.
        address = InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP network: " + text, e);
      }
    } else {
      throw new IllegalArgumentException("not an IP network: " + text);
    }
    int prefix = address.length * 8;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!PREFIX.matcher(length).matches()) {
        throw new IllegalArgumentException("no prefix length in " + text);
      }
      prefix = Integer.parseInt(length);
    }
    if (prefix > address.length * 8) {
      throw new IllegalArgumentException("prefix out of range in " + text);
    }
    return new Cidr(address, prefix);
  }

  private static byte[] ipv4(String host, String text) {
    String[] parts = host.split("\\.");
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(parts[i]);
      if (octet > 255) {
        throw new IllegalArgumentException("not an IP network: " + text);
      }
      address[i] = (byte) octet;
    }
    return address;
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (candidate[full] & mask) == (network[full] & mask);
  }
}
