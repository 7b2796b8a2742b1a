package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.MediaRejectedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one URL hop before any connection: allowed scheme, no user info, a host, then resolves the
 * host once and refuses it if any of its addresses is refused by the {@link AddressPolicy}, unless
 * the exact host and port are exempt. Returns the checked address to connect to.
 */
public final class UrlGuard {

  private final Set<String> schemes;
  private final FetchAllowList allowList;
  private final AddressPolicy policy;
  private final HostResolver resolver;

  public UrlGuard(
      Set<String> schemes, FetchAllowList allowList, AddressPolicy policy, HostResolver resolver) {
    this.schemes = Set.copyOf(schemes);
    this.allowList = allowList;
    this.policy = policy;
    this.resolver = resolver;
  }

  public CheckedTarget check(String url) throws MediaRejectedException, UnknownHostException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw blocked("not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme) || !(scheme.equals("http") || scheme.equals("https"))) {
      throw blocked("scheme '" + scheme + "' is not allowed (allowed: " + schemes + ")");
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
    InetAddress[] addresses = resolver.resolve(bareHost);
    if (addresses.length == 0) {
      throw new UnknownHostException(bareHost);
    }
    if (!allowList.exempts(bareHost, port)) {
      for (InetAddress address : addresses) {
        Optional<String> refusal = policy.refusal(address);
        if (refusal.isPresent()) {
          throw blocked("host " + bareHost + " resolves to a refused address: " + refusal.get());
        }
      }
    }
    return new CheckedTarget(uri, bareHost, port, addresses[0]);
  }

  private static MediaRejectedException blocked(String detail) {
    return new MediaRejectedException(RejectReason.BLOCKED_URL, detail);
  }
}
