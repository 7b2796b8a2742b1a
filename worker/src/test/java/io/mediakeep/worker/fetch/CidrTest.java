package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Addresses.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @Test
  void byteAlignedIpv4PrefixHoldsItsRangeAndNothingNextToIt() {
    Cidr ten = Cidr.parse("10.0.0.0/8");

    assertThat(ten.contains(literal("10.0.0.0"))).isTrue();
    assertThat(ten.contains(literal("10.255.255.255"))).isTrue();
    assertThat(ten.contains(literal("11.0.0.0"))).isFalse();
    assertThat(ten.contains(literal("9.255.255.255"))).isFalse();
  }

  @Test
  void prefixInsideAByteMasksOnlyItsBits() {
    Cidr cidr = Cidr.parse("172.16.0.0/12");

    assertThat(cidr.contains(literal("172.16.0.0"))).isTrue();
    assertThat(cidr.contains(literal("172.31.255.255"))).isTrue();
    assertThat(cidr.contains(literal("172.32.0.0"))).isFalse();
    assertThat(cidr.contains(literal("172.15.255.255"))).isFalse();
  }

  @Test
  void hostBitsInTheNetworkAreIgnored() {
    Cidr cidr = Cidr.parse("10.1.2.3/8");

    assertThat(cidr.contains(literal("10.9.9.9"))).isTrue();
    assertThat(cidr.contains(literal("11.1.2.3"))).isFalse();
  }

  @Test
  void withoutPrefixAnAddressIsASingleHost() {
    assertThat(Cidr.parse("192.168.1.7").prefix()).isEqualTo(32);
    assertThat(Cidr.parse("192.168.1.7").contains(literal("192.168.1.7"))).isTrue();
    assertThat(Cidr.parse("192.168.1.7").contains(literal("192.168.1.6"))).isFalse();
    assertThat(Cidr.parse("fd00::1").prefix()).isEqualTo(128);
  }

  @Test
  void zeroPrefixHoldsItsWholeFamilyOnly() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(literal("203.0.113.1"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(literal("2001:db8::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(literal("2001:db8::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(literal("203.0.113.1"))).isFalse();
  }

  @Test
  void ipv6PrefixInsideAByte() {
    Cidr uniqueLocal = Cidr.parse("fc00::/7");

    assertThat(uniqueLocal.contains(literal("fc00::"))).isTrue();
    assertThat(uniqueLocal.contains(literal("fdff:ffff::1"))).isTrue();
    assertThat(uniqueLocal.contains(literal("fe00::1"))).isFalse();
    assertThat(uniqueLocal.contains(literal("fbff::1"))).isFalse();
  }

  @Test
  void ipv4NetworkDoesNotHoldTheIpv6FormThatEmbedsIt() {
    assertThat(Cidr.parse("10.0.0.0/8").contains(literal("::a00:1"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/8",
        "10.0.0.0/",
        "10.0.0.0/x",
        "10.0.0.0/+8",
        "10.0.0.0/-1",
        "10.0.0.0/33",
        "10.0.0.0/8/8",
        "::/129",
        "1::2::3/64",
        "example.com/8",
        "localhost",
        "10/8",
        "127.1/32",
        "10.0.0/24",
        "999.0.0.1/8",
        "256.0.0.0/8",
        "cafe/16",
        "beef",
        ".:1/64",
        "fe80::1%eth0/64",
        "::ffff:10.0.0.0/104"
      })
  void refusesAnythingButAnAddressLiteralWithAPrefixAndNamesIt(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }
}
