package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static io.mediakeep.worker.fetch.Downloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.local.SampleImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile URLs through the whole fetcher, as first URL and as a redirect target. Every connection
 * the fetcher makes is routed to a loopback sink that counts them, whatever address the guard
 * approved, so a URL that slipped through would be counted there and no test can reach another
 * address. Names resolve through a test resolver; nothing asks a real DNS server.
 */
class HostileUrlTest {

  /** Each refused as BLOCKED_URL before any connection. */
  static List<String> hostileUrls() {
    return List.of(
        // loopback, this network, private, CGNAT, link-local and metadata, as literals
        "https://127.0.0.1/a.png",
        "https://127.255.255.254/a.png",
        "https://0.0.0.0/a.png",
        "https://0.1.2.3/a.png",
        "https://10.0.0.1/a.png",
        "https://172.16.0.1/a.png",
        "https://172.31.255.255/a.png",
        "https://192.168.1.1/a.png",
        "https://100.64.0.1/a.png",
        "https://100.100.100.200/latest/meta-data/",
        "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://169.254.170.2/v2/credentials",
        "https://192.0.0.170/a.png",
        "https://192.0.2.1/a.png",
        "https://198.18.0.1/a.png",
        "https://198.51.100.7/a.png",
        "https://203.0.113.9/a.png",
        "https://224.0.0.1/a.png",
        "https://239.255.255.250/a.png",
        "https://240.0.0.1/a.png",
        "https://255.255.255.255/a.png",
        // IPv6: loopback, unspecified, link-local, unique-local, metadata, multicast, site-local
        "https://[::1]/a.png",
        "https://[::]/a.png",
        "https://[fe80::1]/a.png",
        "https://[fc00::1]/a.png",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "https://[ff02::1]/a.png",
        "https://[fec0::1]/a.png",
        // IPv6 forms that embed an IPv4 address
        "https://[::ffff:127.0.0.1]/a.png",
        "https://[::ffff:7f00:1]/a.png",
        "https://[::ffff:169.254.169.254]/a.png",
        "https://[::127.0.0.1]/a.png",
        "https://[::10.0.0.1]/a.png",
        "https://[64:ff9b::a9fe:a9fe]/a.png",
        "https://[64:ff9b::127.0.0.1]/a.png",
        "https://[2002:7f00:1::]/a.png",
        "https://[2002:a9fe:a9fe::1]/a.png",
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/a.png",
        "https://[::ffff:0:a00:1]/a.png",
        // numbers parsers disagree on
        "https://127.1/a.png",
        "https://2130706433/a.png",
        "https://0x7f000001/a.png",
        "https://0177.0.0.1/a.png",
        "https://0x7f.0.0.1/a.png",
        "https://017700000001/a.png",
        "https://127.0.0.1./a.png",
        "https://3232235777/a.png",
        // user info, schemes, odd ports, malformed
        "https://good.host@127.0.0.1/a.png",
        "https://cdn.public.test@169.254.169.254/a.png",
        "https://user:pass@cdn.public.test/a.png",
        "file:///etc/passwd",
        "jar:file:/app/lib/x.jar!/a.png",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "ftp://cdn.public.test/a.png",
        "dict://127.0.0.1:11211/stat",
        "ldap://cdn.public.test/a",
        "http://cdn.public.test:8080/a.png",
        "https://cdn.public.test:22/a.png",
        "https://cdn.public.test:6379/a.png",
        "https://cdn.public.test:0/a.png",
        "https://cdn.public.test:65536/a.png",
        "https://cdn.public.test:-1/a.png",
        "https://[::1/a.png",
        "https://%6c%6f%63%61%6c%68%6f%73%74/a.png",
        "https://ｌｏｃａｌｈｏｓｔ/a.png",
        "https://127。0。0。1/a.png",
        // private names, never resolved
        "https://localhost/a.png",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://metadata/computeMetadata/v1/",
        "https://kubernetes.default.svc.cluster.local/api",
        "https://admin.localhost/a.png",
        // public-looking names whose DNS answers are internal
        "https://rebind-loopback.public.test/a.png",
        "https://rebind-metadata.public.test/a.png",
        "https://rebind-private.public.test/a.png",
        "https://rebind-mapped.public.test/a.png",
        "https://rebind-nat64.public.test/a.png",
        "https://one-bad-answer.public.test/a.png",
        "https://ula.public.test/a.png");
  }

  @TempDir Path spool;
  private LoopbackSink sink;
  private ScriptedServer origin;
  private FakeResolver dns;
  private HttpSourceFetcher fetcher;

  @BeforeEach
  void setUp() throws IOException {
    sink = new LoopbackSink();
    origin = new ScriptedServer();
    dns =
        FakeResolver.loopback()
            .answer("cdn.public.test", "93.184.216.34")
            .answer("rebind-loopback.public.test", "127.0.0.1")
            .answer("rebind-metadata.public.test", "169.254.169.254")
            .answer("rebind-private.public.test", "10.20.30.40")
            .answer("rebind-nat64.public.test", "64:ff9b::a00:1")
            .answer("one-bad-answer.public.test", "93.184.216.34", "2606:4700::1", "192.168.0.1")
            .answer("ula.public.test", "fd12:3456:789a::1")
            .answer(
                "rebind-mapped.public.test",
                Addresses.mappedIpv6("rebind-mapped.public.test", 10, 0, 0, 1));
    for (String literal : literalHosts()) {
      dns.answer(literal, literal);
    }
    fetcher = fetcher(Set.of("https"), toSink());
  }

  @AfterEach
  void tearDown() throws IOException {
    fetcher.close();
    origin.close();
    sink.close();
  }

  /** The literal hosts of the table answer themselves, as the JDK answers a literal. */
  private static List<String> literalHosts() {
    return hostileUrls().stream()
        .map(HostileUrlTest::hostOrEmpty)
        .map(h -> h.startsWith("[") ? h.substring(1, h.length() - 1) : h)
        .filter(h -> h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*"))
        .distinct()
        .toList();
  }

  private static String hostOrEmpty(String url) {
    try {
      String host = new java.net.URI(url).getHost();
      return host == null ? "" : host;
    } catch (java.net.URISyntaxException unparseable) {
      return "";
    }
  }

  private UnaryOperator<InetSocketAddress> toSink() {
    InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.port());
    return any -> to;
  }

  /** The schemes given, ports 443 and 80, and the origin server exempt. */
  private HttpSourceFetcher fetcher(Set<String> schemes, UnaryOperator<InetSocketAddress> route) {
    FetchLimits limits = Downloads.limits(spool);
    FetchAllowList exempt = FetchAllowList.parse(origin.authority());
    UrlGuard guard =
        new UrlGuard(
            new SourceRules(schemes, Set.of(443, 80), HostAllowList.ANY, exempt),
            new AddressPolicy(exempt.networks()),
            dns);
    return new HttpSourceFetcher(guard, limits, Downloads.download(limits), route);
  }

  @Test
  void theTableHoldsAtLeastSixtyUrls() {
    assertThat(hostileUrls()).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @MethodSource("hostileUrls")
  void hostileUrlIsRefusedWithoutAConnection(String url) {
    rejected(RejectReason.BLOCKED_URL, () -> fetcher.fetch(url, MediaKind.IMAGE));

    assertThat(sink.accepted()).isZero();
  }

  /** The table less the URLs with non-ASCII characters, which a header cannot carry. */
  static List<String> hostileRedirects() {
    return hostileUrls().stream().filter(u -> u.chars().allMatch(c -> c < 0x80)).toList();
  }

  @ParameterizedTest
  @MethodSource("hostileRedirects")
  void redirectToAHostileUrlIsRefusedWithoutAConnection(String url) throws IOException {
    origin.redirect("/r", 302, url);
    // The origin is plain http on loopback (exempt), so http is allowed here as well; the first hop
    // goes to the origin itself and any later one would be routed to the sink.
    try (HttpSourceFetcher routed = fetcher(Set.of("https", "http"), originThenSink())) {
      rejected(RejectReason.BLOCKED_URL, () -> routed.fetch(origin.url("/r"), MediaKind.IMAGE));
    }

    assertThat(origin.paths()).containsExactly("/r");
    assertThat(sink.accepted()).isZero();
  }

  /** The origin's own address stays; every other is routed to the sink. */
  private UnaryOperator<InetSocketAddress> originThenSink() {
    UnaryOperator<InetSocketAddress> sinkRoute = toSink();
    return to -> to.getPort() == origin.port() ? to : sinkRoute.apply(to);
  }

  @Test
  void rebindingAnswerAfterTheCheckNeverWins() throws IOException {
    byte[] png = SampleImages.png(41);
    origin.respond("/a.png", 200, png, "Content-Type", "image/png");
    // First answer public, every later one loopback: a rebinding DNS server.
    Rebinding rebinding = new Rebinding("93.184.216.34", "127.0.0.1");
    AtomicInteger routedToPublic = new AtomicInteger();
    InetSocketAddress originAddress =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), origin.port());
    UnaryOperator<InetSocketAddress> publicToOrigin =
        to -> {
          if (to.getAddress().getHostAddress().equals("93.184.216.34") && to.getPort() == 443) {
            routedToPublic.incrementAndGet();
            return originAddress;
          }
          return new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.port());
        };
    FetchLimits limits = Downloads.limits(spool);
    UrlGuard guard =
        new UrlGuard(
            new SourceRules(Set.of("http"), Set.of(443), HostAllowList.ANY, FetchAllowList.NONE),
            new AddressPolicy(List.of()),
            rebinding);

    try (HttpSourceFetcher rebound =
            new HttpSourceFetcher(guard, limits, Downloads.download(limits), publicToOrigin);
        FetchedMedia media =
            rebound.fetch("http://rebind.public.test:443/a.png", MediaKind.IMAGE)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }

    assertThat(rebinding.questions()).containsExactly("rebind.public.test");
    assertThat(routedToPublic).hasValue(1);
    assertThat(origin.seen())
        .containsExactly(new ScriptedServer.Seen("/a.png", "rebind.public.test:443"));
    assertThat(sink.accepted()).isZero();
  }

  @Test
  void internalFirstAnswerIsRefusedEvenIfTheNextWouldBePublic() {
    Rebinding rebinding = new Rebinding("169.254.169.254", "93.184.216.34");
    FetchLimits limits = Downloads.limits(spool);
    UrlGuard guard =
        new UrlGuard(
            new SourceRules(Set.of("https"), Set.of(443), HostAllowList.ANY, FetchAllowList.NONE),
            new AddressPolicy(List.of()),
            rebinding);

    try (HttpSourceFetcher rebound =
        new HttpSourceFetcher(guard, limits, Downloads.download(limits), toSink())) {
      rejected(
          RejectReason.BLOCKED_URL,
          () -> rebound.fetch("https://rebind.public.test/a.png", MediaKind.IMAGE));
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(rebinding.questions()).containsExactly("rebind.public.test");
    assertThat(sink.accepted()).isZero();
  }

  /** A DNS server that answers the first question with one address and every later one another. */
  private static final class Rebinding implements HostResolver {
    private final String first;
    private final String later;
    private final List<String> questions = new CopyOnWriteArrayList<>();

    Rebinding(String first, String later) {
      this.first = first;
      this.later = later;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      questions.add(host);
      return new InetAddress[] {Addresses.named(host, questions.size() == 1 ? first : later)};
    }

    List<String> questions() {
      return List.copyOf(questions);
    }
  }
}
