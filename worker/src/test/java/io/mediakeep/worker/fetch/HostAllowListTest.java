package io.mediakeep.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAllowListTest {

  private final HostAllowList list =
      HostAllowList.parse(
          " fal = *.fal.media , fal.media ; Replicate=replicate.delivery,*.replicate.delivery");

  @Test
  void withoutConfigurationEveryHostIsAllowed() {
    assertThat(HostAllowList.parse("").refusal("anything.example", "fal")).isEmpty();
    assertThat(HostAllowList.parse(null).refusal("anything.example", null)).isEmpty();
  }

  @Test
  void wildcardMatchesSubdomainsAtAnyDepthButNotTheDomainItself() {
    assertThat(list.refusal("v3.fal.media", "fal")).isEmpty();
    assertThat(list.refusal("a.b.fal.media", "fal")).isEmpty();
    assertThat(list.refusal("fal.media", "fal")).isEmpty(); // listed exactly as well
    assertThat(list.refusal("replicate.delivery", "replicate")).isEmpty();
    assertThat(list.refusal("pbxt.replicate.delivery", "REPLICATE")).isEmpty();
  }

  @Test
  void lookAlikesAreRefused() {
    assertThat(list.refusal("evilfal.media", "fal")).isPresent();
    assertThat(list.refusal("fal.media.evil.test", "fal")).isPresent();
    assertThat(list.refusal("v3.fal.media.evil.test", "fal")).isPresent();
    assertThat(list.refusal("xreplicate.delivery", "replicate")).isPresent();
  }

  @Test
  void oneProvidersHostsDoNotServeAnother() {
    assertThat(list.refusal("v3.fal.media", "replicate"))
        .hasValueSatisfying(why -> assertThat(why).contains("replicate"));
  }

  @Test
  void providerWithoutAListIsRefusedUnlessThereIsADefaultList() {
    assertThat(list.refusal("cdn.example.com", "inhouse")).isPresent();
    assertThat(list.refusal("cdn.example.com", null)).isPresent();

    HostAllowList withDefault = HostAllowList.parse("fal=*.fal.media;*=cdn.example.com");
    assertThat(withDefault.refusal("cdn.example.com", "inhouse")).isEmpty();
    assertThat(withDefault.refusal("cdn.example.com", null)).isEmpty();
    assertThat(withDefault.refusal("cdn.example.com", "fal")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*.fal.media",
        "fal=",
        "fal=*",
        "fal=*.media.*",
        "fal=-bad.test",
        "fal=bad host",
        "fal=localhost",
        "fal=a.test;fal=b.test"
      })
  void badEntriesAreRefusedWithTheirReason(String text) {
    assertThatThrownBy(() -> HostAllowList.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching(".+");
  }
}
