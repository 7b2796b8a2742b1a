package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.MediaRejectedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {

  private final FakeResolver dns =
      new FakeResolver()
          .answer("public.test", "93.184.216.34")
          .answer("v6.test", "2606:4700:4700::1111")
          .answer("mixed.test", "93.184.216.34", "2606:4700:4700::1111", "10.0.0.5")
          .answer("localhost", "127.0.0.1")
          .answer("127.0.0.1", "127.0.0.1")
          .answer("::1", "::1")
          .answer("nothing.test", new InetAddress[0]);

  private UrlGuard guard(Set<String> schemes, String allow) {
    FetchAllowList list = FetchAllowList.parse(allow);
    return new UrlGuard(
        new SourceRules(schemes, Set.of(80, 443, 8443), HostAllowList.ANY, list),
        new AddressPolicy(list.networks()),
        dns);
  }

  private final UrlGuard httpsOnly = guard(Set.of("https"), "");

  private MediaRejectedException blocked(UrlGuard guard, String url) {
    return rejected(RejectReason.BLOCKED_URL, () -> guard.check(url));
  }

  private MediaRejectedException blocked(UrlGuard guard, String url, String provider) {
    return rejected(RejectReason.BLOCKED_URL, () -> guard.check(url, provider));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "jar:file:/tmp/x.jar!/y.png",
        "gopher://public.test/",
        "ftp://public.test/a.png",
        "http://public.test/a.png",
        "data:image/png;base64,AAAA",
        "//public.test/a.png",
        "public.test/a.png"
      })
  void refusesSchemesOtherThanTheAllowedOnesBeforeResolving(String url) {
    assertThat(blocked(httpsOnly, url)).hasMessageContaining("scheme");
    assertThat(dns.asked()).isEmpty();
  }

  @Test
  void onlyHttpAndHttpsCanBeAllowedWhateverTheConfiguration() throws Exception {
    UrlGuard lax = guard(Set.of("https", "http", "ftp", "file"), "");

    blocked(lax, "ftp://public.test/a.png");
    blocked(lax, "file:///etc/passwd");
    assertThat(lax.check("http://public.test/a.png").port()).isEqualTo(80);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://good.host@127.0.0.1/",
        "https://public.test@public.test/",
        "https://user:secret@public.test/a.png",
        "https://%40@public.test/"
      })
  void refusesUserInfo(String url) {
    assertThat(blocked(httpsOnly, url)).hasMessageContaining("user info");
    assertThat(dns.asked()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https:///a.png",
        "https:/a.png",
        "https://a_b.test/",
        "https://127.1/",
        "https://0x7f.1/",
        "https:"
      })
  void refusesUrlsWithoutAServerHost(String url) {
    blocked(httpsOnly, url);
    assertThat(dns.asked()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://exa mple.test/", "https://public.test/a b", "ht tp://x/", "::"})
  void refusesUnparseableUrls(String url) {
    assertThat(blocked(httpsOnly, url)).hasMessageContaining("not a valid URL");
  }

  @Test
  void refusesANameIfAnyOfItsAddressesIsRefused() {
    MediaRejectedException e = blocked(httpsOnly, "https://mixed.test/a.png");

    assertThat(e).hasMessageContaining("mixed.test").hasMessageContaining("10.0.0.5");
    assertThat(dns.asked()).containsExactly("mixed.test");
  }

  @Test
  void acceptsAPublicNameAndConnectsToTheAddressItResolvedTo() throws Exception {
    CheckedTarget target = httpsOnly.check("https://public.test/img/a.png?sig=1");

    assertThat(target.address().getAddress())
        .containsExactly(Addresses.literal("93.184.216.34").getAddress());
    assertThat(target.host()).isEqualTo("public.test");
    assertThat(target.port()).isEqualTo(443);
    assertThat(target.uri()).isEqualTo(URI.create("https://public.test/img/a.png?sig=1"));
    assertThat(dns.asked()).containsExactly("public.test");
  }

  @Test
  void keepsAnExplicitPortAndUnbracketsIpv6() throws Exception {
    assertThat(httpsOnly.check("HTTPS://public.test:8443/a.png").port()).isEqualTo(8443);
    assertThat(httpsOnly.check("https://v6.test/a.png").address())
        .isEqualTo(Addresses.literal("2606:4700:4700::1111"));
  }

  @Test
  void refusesAnIpv4MappedLoopbackAnswer() {
    dns.answer("rebind.test", Addresses.mappedIpv6("rebind.test", 127, 0, 0, 1));

    assertThat(blocked(httpsOnly, "https://rebind.test/")).hasMessageContaining("127.0.0.1");
  }

  @Test
  void refusesLiteralPrivateAddresses() {
    blocked(httpsOnly, "https://127.0.0.1/");
    blocked(httpsOnly, "https://[::1]/");
  }

  @Test
  void exemptHostPortIsAcceptedEvenOnLoopback() throws Exception {
    UrlGuard guard = guard(Set.of("http"), "127.0.0.1:8080,[::1]:8080");

    CheckedTarget v4 = guard.check("http://127.0.0.1:8080/a.png");
    assertThat(v4.address()).isEqualTo(Addresses.literal("127.0.0.1"));
    assertThat(v4.port()).isEqualTo(8080);
    CheckedTarget v6 = guard.check("http://[::1]:8080/a.png");
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.address()).isEqualTo(Addresses.literal("::1"));
  }

  @Test
  void exemptionDoesNotOpenAnotherPortOrAnotherNameForTheSameAddress() {
    UrlGuard guard = guard(Set.of("http"), "127.0.0.1:8080");

    blocked(guard, "http://127.0.0.1:8081/a.png");
    blocked(guard, "http://127.0.0.1/a.png");
    blocked(guard, "http://localhost:8080/a.png");
  }

  @Test
  void exemptNetworkLetsItsAddressesThroughOnAnyPort() throws Exception {
    dns.answer("lan.test", "10.1.2.3");
    UrlGuard guard = guard(Set.of("https"), "10.0.0.0/8");

    assertThat(guard.check("https://lan.test:9443/").address())
        .isEqualTo(Addresses.literal("10.1.2.3"));
    blocked(guard, "https://127.0.0.1/");
  }

  @Test
  void nameWithoutAddressesIsUnknownNotRefused() {
    assertThatThrownBy(() -> httpsOnly.check("https://nothing.test/"))
        .isInstanceOf(UnknownHostException.class)
        .isNotInstanceOf(MediaRejectedException.class);
  }

  @Test
  void shortDottedHostHasNoServerAuthorityAndIsRefusedUnresolved() {
    assertThat(blocked(jdkGuard(), "http://127.1/")).hasMessageContaining("no host");
  }

  /**
   * The JDK reads {@code 0177.0.0.1} as 177.0.0.1 and {@code 2130706433} as 127.0.0.1, while curl
   * and browsers read the first as 127.0.0.1 too: a host that ends in a number is refused unless it
   * is a canonical dotted quad, before anything resolves it.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x7f000001",
        "017700000001",
        "0177.0.0.01",
        "0177.0.0.1",
        "2130706433",
        "127.0.0.1.",
        "127.000.0.1",
        "0x7f.0.0.1",
        "256.0.0.1",
        "1.2.3.4.5",
        "evil.test.0x1",
        "evil.test.42"
      })
  void numericHostsInAnyButTheCanonicalFormAreRefusedUnresolved(String host) {
    UrlGuard guard = guard(Set.of("http"), "");

    // java.net.URI already finds no server host in some of them; the rest are refused by form.
    assertThat(blocked(guard, "http://" + host + "/").getMessage())
        .containsAnyOf("dotted quad", "has no host");
    assertThat(dns.asked()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "metadata",
        "instance-data",
        "kafka",
        "metadata.google.internal",
        "metadata.google.internal.",
        "api.localhost",
        "printer.local",
        "nas.home.arpa",
        "db.localdomain",
        "router.lan"
      })
  void namesThatOnlyMeanSomethingInsideTheNetworkAreRefusedUnresolved(String host) {
    blocked(httpsOnly, "https://" + host + "/a.png");
    assertThat(dns.asked()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"22", "25", "6379", "5432", "9092", "2375", "8080", "65535"})
  void portsOutsideTheAllowedOnesAreRefused(String port) {
    assertThat(blocked(httpsOnly, "https://public.test:" + port + "/a.png"))
        .hasMessageContaining("port " + port);
  }

  @Test
  void providerAllowListNarrowsTheHostsOfThatProvider() throws Exception {
    dns.answer("v3.fal.media", "93.184.216.34")
        .answer("evil.fal.media.attacker.test", "93.184.216.34");
    UrlGuard guard =
        new UrlGuard(
            new SourceRules(
                Set.of("https"),
                Set.of(443),
                HostAllowList.parse("fal=*.fal.media;*=cdn.public.test"),
                FetchAllowList.NONE),
            new AddressPolicy(List.of()),
            dns);

    assertThat(guard.check("https://v3.fal.media/a.png", "fal").host()).isEqualTo("v3.fal.media");
    blocked(guard, "https://fal.media/a.png", "fal");
    blocked(guard, "https://evil.fal.media.attacker.test/a.png", "fal");
    blocked(guard, "https://public.test/a.png", "fal");
    blocked(guard, "https://93.184.216.34/a.png", "fal");
    blocked(guard, "https://v3.fal.media/a.png", "replicate");
    assertThat(dns.asked()).containsExactly("v3.fal.media");
  }

  /** A guard on the JDK's own resolver, allowed only the given numeric hosts. */
  private static UrlGuard jdkGuard(String... numericHosts) {
    return new UrlGuard(
        new SourceRules(Set.of("http"), Set.of(80), HostAllowList.ANY, FetchAllowList.NONE),
        new AddressPolicy(List.of()),
        jdkLiteralsOnly(numericHosts));
  }

  /**
   * {@link HostResolver#SYSTEM} limited to hosts the JDK parses as numeric literals itself, so a
   * test can never send a question to DNS.
   */
  private static HostResolver jdkLiteralsOnly(String... hosts) {
    Set<String> allowed = Set.of(hosts);
    return host -> {
      if (!allowed.contains(host)) {
        throw new AssertionError("would have resolved " + host);
      }
      return HostResolver.SYSTEM.resolve(host);
    };
  }
}
