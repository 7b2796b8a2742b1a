package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.MediaRejectedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks one URL hop before any connection, in this order: a parseable URL, an allowed scheme, no
 * user info, a host; then, unless the exact host and port are exempt, an unambiguous host (a host
 * that ends in a number must be a canonical dotted quad), a name that is not private by convention
 * and a host the provider may serve from. Then it resolves the host once and refuses it if the port
 * is not allowed (any port is, inside an exempt network) or any of its addresses is refused by the
 * {@link AddressPolicy}. Returns the checked address, which is the one the connection goes to.
 */
public final class UrlGuard {

  /** Names that only ever mean something inside a network (RFC 6761, RFC 8375, ICANN .internal). */
  private static final List<String> PRIVATE_SUFFIXES =
      List.of(
          ".localhost", ".local", ".internal", ".home.arpa", ".localdomain", ".lan", ".intranet");

  /** The WHATWG URL standard reads a host whose last label is a number as an IPv4 address. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

  private final SourceRules rules;
  private final AddressPolicy policy;
  private final HostResolver resolver;

  public UrlGuard(SourceRules rules, AddressPolicy policy, HostResolver resolver) {
    this.rules = rules;
    this.policy = policy;
    this.resolver = resolver;
  }

  /** Checks a URL that names no provider. */
  public CheckedTarget check(String url) throws MediaRejectedException, UnknownHostException {
    return check(url, null);
  }

  /**
   * @param provider the provider the event names, which selects its host allowlist; may be null
   */
  public CheckedTarget check(String url, String provider)
      throws MediaRejectedException, UnknownHostException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw blocked("not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!rules.schemes().contains(scheme) || !(scheme.equals("http") || scheme.equals("https"))) {
      throw blocked("scheme '" + scheme + "' is not allowed (allowed: " + rules.schemes() + ")");
    }
    if (uri.getRawUserInfo() != null) {
      throw blocked("URLs with user info are refused");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw blocked("URL has no host: " + url);
    }
    int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
    String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    boolean exempt = rules.exemptions().exempts(bareHost, port);
    if (!exempt) {
      checkName(bareHost.toLowerCase(Locale.ROOT), provider);
    }
    InetAddress[] addresses = resolver.resolve(bareHost);
    if (addresses.length == 0) {
      throw new UnknownHostException(bareHost);
    }
    if (!exempt) {
      boolean inExemptNetwork = Arrays.stream(addresses).allMatch(policy::exempt);
      if (!rules.ports().contains(port) && !inExemptNetwork) {
        throw blocked("port " + port + " is not allowed (allowed: " + rules.ports() + ")");
      }
      for (InetAddress address : addresses) {
        Optional<String> refusal = policy.refusal(address);
        if (refusal.isPresent()) {
          throw blocked("host " + bareHost + " resolves to a refused address: " + refusal.get());
        }
      }
    }
    return new CheckedTarget(uri, bareHost, port, addresses[0]);
  }

  private void checkName(String host, String provider) throws MediaRejectedException {
    if (host.contains(":")) {
      checkProvider(host, provider); // an IPv6 literal, judged by its address after this
      return;
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = name.substring(name.lastIndexOf('.') + 1);
    if (NUMERIC_LABEL.matcher(last).matches()) {
      if (!DOTTED_QUAD.matcher(host).matches() || !octetsInRange(host)) {
        throw blocked(
            "host " + host + " is a number in a form parsers disagree on; use a dotted quad");
      }
      checkProvider(name, provider); // an IPv4 literal, judged by its address after this
      return;
    }
    if (!name.contains(".")) {
      throw blocked("host " + host + " is a single label, which resolves inside the network");
    }
    for (String suffix : PRIVATE_SUFFIXES) {
      if (name.endsWith(suffix)) {
        throw blocked("host " + host + " is in " + suffix.substring(1) + ", a private name space");
      }
    }
    checkProvider(name, provider);
  }

  private void checkProvider(String host, String provider) throws MediaRejectedException {
    Optional<String> refusal = rules.hosts().refusal(host, provider);
    if (refusal.isPresent()) {
      throw blocked(refusal.get());
    }
  }

  private static boolean octetsInRange(String quad) {
    for (String octet : quad.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static MediaRejectedException blocked(String detail) {
    return new MediaRejectedException(RejectReason.BLOCKED_URL, detail);
  }
}
