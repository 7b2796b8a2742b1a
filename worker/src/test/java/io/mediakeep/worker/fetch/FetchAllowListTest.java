package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Addresses.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.fetch.FetchAllowList.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FetchAllowListTest {

  @Test
  void parsesHostPortsBracketedIpv6AndNetworksSkippingBlanks() {
    FetchAllowList list =
        FetchAllowList.parse(" 127.0.0.1:8080, [::1]:8080 ,,10.0.0.0/8, Cdn.Example.TEST:443 , ");

    assertThat(list.hostPorts())
        .containsExactly(
            new HostPort("127.0.0.1", 8080),
            new HostPort("::1", 8080),
            new HostPort("cdn.example.test", 443));
    assertThat(list.networks()).hasSize(1);
    assertThat(list.networks().get(0).contains(literal("10.20.30.40"))).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", " , ,"})
  void emptyTextExemptsNothing(String text) {
    FetchAllowList list = FetchAllowList.parse(text);

    assertThat(list.hostPorts()).isEmpty();
    assertThat(list.networks()).isEmpty();
  }

  @Test
  void hostPortExemptionIsExact() {
    FetchAllowList list = FetchAllowList.parse("127.0.0.1:8080");

    assertThat(list.exempts("127.0.0.1", 8080)).isTrue();
    assertThat(list.exempts("127.0.0.1", 8081)).isFalse();
    assertThat(list.exempts("localhost", 8080)).isFalse();
    assertThat(list.exempts("127.0.0.2", 8080)).isFalse();
  }

  @Test
  void namesCompareWithoutCaseAndIpv6WithOrWithoutBrackets() {
    FetchAllowList list = FetchAllowList.parse("cdn.example.test:443,[::1]:9000");

    assertThat(list.exempts("CDN.example.Test", 443)).isTrue();
    assertThat(list.exempts("::1", 9000)).isTrue();
    assertThat(list.exempts("[::1]", 9000)).isTrue();
    assertThat(list.exempts("0:0:0:0:0:0:0:1", 9000))
        .as("the exemption matches the text of the host, not its address")
        .isFalse();
  }

  @Test
  void networksDoNotExemptHostPorts() {
    assertThat(FetchAllowList.parse("127.0.0.0/8").exempts("127.0.0.1", 80)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.0.0.1:",
        ":8080",
        "cdn.test:http",
        "cdn.test:0",
        "cdn.test:65536",
        "cdn.test:99999999999",
        "[::1]",
        "10.0.0.0/33",
        "example.com/8"
      })
  void badEntryIsNamedInTheError(String entry) {
    assertThatThrownBy(() -> FetchAllowList.parse("127.0.0.1:8080, " + entry + " ,10.0.0.0/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry);
  }
}
