package io.mediakeep.worker.fetch;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a source URL may look like before its host is resolved: the schemes and ports it may use,
 * the hosts each provider may serve from, and the exact exemptions ({@code MEDIAKEEP_FETCH_ALLOW})
 * that lift every other check for one host and port.
 */
public record SourceRules(
    Set<String> schemes, Set<Integer> ports, HostAllowList hosts, FetchAllowList exemptions) {

  public SourceRules {
    schemes = Set.copyOf(schemes);
    ports = Set.copyOf(ports);
  }

  /** Parses a comma-separated list of ports; throws IllegalArgumentException naming a bad one. */
  public static Set<Integer> ports(String text) {
    Set<Integer> ports = new TreeSet<>();
    for (String raw : text.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int port;
      try {
        port = Integer.parseInt(entry);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + entry + "' is not a port", e);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range");
      }
      ports.add(port);
    }
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("no ports");
    }
    return ports;
  }

  /** The defaults: https, ports 443 and 80, any public host, no exemptions. */
  public static final SourceRules DEFAULT =
      new SourceRules(Set.of("https"), Set.of(443, 80), HostAllowList.ANY, FetchAllowList.NONE);
}
