package io.mediakeep.worker.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exemptions from the address policy, from {@code MEDIAKEEP_FETCH_ALLOW}: exact {@code host:port}
 * pairs (a local test server) or CIDR networks. An exemption is exact: {@code 127.0.0.1:8080} does
 * not open {@code 127.0.0.1:8081}.
 */
public record FetchAllowList(List<HostPort> hostPorts, List<Cidr> networks) {

  /** One exempt host and port. */
  public record HostPort(String host, int port) {}

  public static final FetchAllowList NONE = new FetchAllowList(List.of(), List.of());

  /** Parses a comma-separated list; throws IllegalArgumentException naming a bad entry. */
  public static FetchAllowList parse(String text) {
    List<HostPort> hostPorts = new ArrayList<>();
    List<Cidr> networks = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return NONE;
    }
    for (String raw : text.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.contains("/")) {
        networks.add(Cidr.parse(entry));
        continue;
      }
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException(
            "'" + entry + "' is neither host:port nor a CIDR network");
      }
      String host = entry.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(entry.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + entry + "' has no numeric port", e);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("'" + entry + "' has a port out of range");
      }
      hostPorts.add(new HostPort(host.toLowerCase(Locale.ROOT), port));
    }
    return new FetchAllowList(List.copyOf(hostPorts), List.copyOf(networks));
  }

  public boolean exempts(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (HostPort hp : hostPorts) {
      if (hp.port() == port && hp.host().equals(h)) {
        return true;
      }
    }
    return false;
  }
}
