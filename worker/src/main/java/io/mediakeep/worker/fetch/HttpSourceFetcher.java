package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import io.mediakeep.worker.core.SourceStatusException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches http(s) sources with Apache HttpClient 5. Every hop is checked by the {@link UrlGuard}
 * and the connection goes to the address that was checked (the client never resolves names itself),
 * redirects are followed by hand and capped, connect and idle deadlines bound each hop, a minimum
 * transfer rate ends a body that trickles ({@link MinimumRate}), and the total deadline bounds the
 * whole fetch, redirects included.
 */
public final class HttpSourceFetcher implements AutoCloseable {

  private static final int MAX_CONNECTIONS = 4096;

  /**
   * A pooled connection idle longer than this is checked before it is used again: sources close
   * kept-alive connections that sit idle, and one reused after that answers nothing.
   */
  static final Duration REVALIDATE_AFTER_IDLE = Duration.ofSeconds(1);

  /** A pooled connection idle this long is closed. */
  private static final Duration IDLE_CONNECTIONS_CLOSED_AFTER = Duration.ofMinutes(1);

  private final UrlGuard guard;
  private final FetchLimits limits;
  private final StreamingDownload download;
  private final CloseableHttpClient client;
  private final ScheduledExecutorService deadlines;
  private final UnaryOperator<InetSocketAddress> route;

  public HttpSourceFetcher(UrlGuard guard, FetchLimits limits, StreamingDownload download) {
    this(guard, limits, download, UnaryOperator.identity());
  }

  /**
   * @param route where a connection to a checked address really goes: the identity in production;
   *     tests send every connection to a loopback listener so that no test can reach another
   *     address, even when the guard under test lets a hostile URL through
   */
  HttpSourceFetcher(
      UrlGuard guard,
      FetchLimits limits,
      StreamingDownload download,
      UnaryOperator<InetSocketAddress> route) {
    this.route = route;
    this.guard = guard;
    this.limits = limits;
    this.download = download;
    PoolingHttpClientConnectionManager connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(limits.connectTimeout()))
                    .setSocketTimeout(Timeout.of(limits.idleTimeout()))
                    .setValidateAfterInactivity(TimeValue.of(REVALIDATE_AFTER_IDLE))
                    .build())
            .setDefaultSocketConfig(
                SocketConfig.custom().setSoTimeout(Timeout.of(limits.idleTimeout())).build())
            .setDnsResolver(
                new SystemDefaultDnsResolver() {
                  @Override
                  public InetAddress[] resolve(String host) throws UnknownHostException {
                    throw new UnknownHostException(
                        host + ": mediakeep connects only to addresses it has checked");
                  }
                })
            // The in-flight budget and its per-host share bound the connections; a lower pool limit
            // would make fetches wait for a connection and time out as if the host had failed.
            .setMaxConnTotal(MAX_CONNECTIONS)
            .setMaxConnPerRoute(MAX_CONNECTIONS)
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .disableContentCompression()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            // Hosts come from events: close what sits idle rather than hold it for a host that may
            // never come back.
            .evictIdleConnections(TimeValue.of(IDLE_CONNECTIONS_CLOSED_AFTER))
            .setUserAgent("mediakeep/1")
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.of(limits.connectTimeout()))
                    .setResponseTimeout(Timeout.of(limits.idleTimeout()))
                    .build())
            .build();
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("fetch-deadlines").factory());
    // A fetch that ends in time cancels its timer; drop it at once rather than at its deadline.
    timers.setRemoveOnCancelPolicy(true);
    this.deadlines = timers;
  }

  public FetchedMedia fetch(String url, MediaKind expected) throws IOException {
    return fetch(url, expected, null);
  }

  /**
   * @param provider the provider the event names, which selects its host allowlist; may be null
   */
  public FetchedMedia fetch(String url, MediaKind expected, String provider) throws IOException {
    long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
    String next = url;
    for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
      CheckedTarget target = guard.check(next, provider);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw totalDeadlineExceeded(target, null);
      }
      HttpGet request = new HttpGet(target.uri());
      request.setHeader("Accept-Encoding", "identity");
      request.setHeader("Accept", expected == MediaKind.VIDEO ? "video/*" : "image/*");
      InetSocketAddress to = route.apply(new InetSocketAddress(target.address(), target.port()));
      HttpHost host =
          new HttpHost(
              target.uri().getScheme().toLowerCase(Locale.ROOT),
              to.getAddress(),
              target.host(),
              to.getPort());
      AtomicBoolean expired = new AtomicBoolean();
      ScheduledFuture<?> timer =
          deadlines.schedule(
              () -> {
                expired.set(true);
                request.cancel();
              },
              left,
              TimeUnit.NANOSECONDS);
      ClassicHttpResponse response = null;
      boolean complete = false;
      try {
        response = client.executeOpen(host, request, null);
        int status = response.getCode();
        if (isRedirect(status)) {
          next = redirectTarget(target, response);
          continue;
        }
        if (status != 200) {
          throw new SourceStatusException(target.host(), status, retryAfter(response));
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
          throw new IOException("empty response from " + target.host());
        }
        refuseEncoded(target, entity.getContentEncoding());
        FetchedMedia media =
            download.read(
                MinimumRate.wrap(entity.getContent(), limits, target.host()),
                entity.getContentLength(),
                entity.getContentType(),
                expected);
        complete = true;
        return media;
      } catch (IOException e) {
        if (expired.get()) {
          throw totalDeadlineExceeded(target, e);
        }
        throw e;
      } finally {
        timer.cancel(false);
        release(request, response, complete);
      }
    }
    throw new MediaRejectedException(
        RejectReason.BLOCKED_URL, "more than " + limits.maxRedirects() + " redirects");
  }

  /**
   * mediakeep asks for {@code identity} and stores the bytes it is sent; a compressed body would be
   * stored compressed, and decompressing one is how a small response becomes a bomb. A source that
   * encodes anyway is refused before a byte of the body is read.
   */
  private static void refuseEncoded(CheckedTarget target, String encoding)
      throws MediaRejectedException {
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
      throw new MediaRejectedException(
          RejectReason.UNSUPPORTED_MEDIA,
          target.host()
              + " sent Content-Encoding "
              + encoding.trim()
              + " though asked for identity");
    }
  }

  private static String redirectTarget(CheckedTarget target, ClassicHttpResponse response)
      throws IOException {
    Header location = response.getFirstHeader("Location");
    if (location == null) {
      throw new SourceStatusException(target.host(), response.getCode(), null);
    }
    try {
      return target.uri().resolve(new URI(location.getValue().trim())).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new MediaRejectedException(
          RejectReason.BLOCKED_URL,
          target.host() + " redirects to an invalid URL: " + e.getMessage());
    }
  }

  /**
   * Closing a response reads the rest of its body so that the connection can be reused. That is
   * right after a complete download, but a body nobody wants (a redirect's, an error page, a file
   * past its cap) may never end, so its connection is dropped instead of drained.
   */
  private static void release(HttpGet request, ClassicHttpResponse response, boolean complete) {
    if (!complete) {
      request.cancel();
    }
    if (response != null) {
      try {
        response.close();
      } catch (IOException connectionAlreadyGone) {
        // Nothing is left to release: the body was read or the connection dropped.
      }
    }
  }

  private IOException totalDeadlineExceeded(CheckedTarget target, IOException cause) {
    return new IOException(
        "total deadline of " + limits.totalTimeout() + " exceeded for " + target.host(), cause);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static Duration retryAfter(ClassicHttpResponse response) {
    Header header = response.getFirstHeader("Retry-After");
    if (header == null) {
      return null;
    }
    String value = header.getValue().trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Duration.between(Instant.now(), at).isNegative()
            ? Duration.ZERO
            : Duration.between(Instant.now(), at);
      } catch (RuntimeException unparseable) {
        return null;
      }
    }
  }

  @Override
  public void close() throws IOException {
    deadlines.shutdownNow();
    client.close();
  }
}
