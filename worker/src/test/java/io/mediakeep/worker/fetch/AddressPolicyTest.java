package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Addresses.literal;
import static io.mediakeep.worker.fetch.Addresses.mappedIpv6;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  private final AddressPolicy policy = new AddressPolicy(List.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.255.254",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "100.64.0.1",
        "100.100.100.200",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.0.1",
        "192.0.2.1",
        "198.18.0.1",
        "198.51.100.7",
        "203.0.113.9",
        "::1",
        "::",
        "fe80::1",
        "fec0::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "64:ff9b::7f00:1",
        "64:ff9b:1::a00:1",
        "100::1",
        "2001:db8::1",
        "2002:7f00:1::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "::ffff:0:7f00:1"
      })
  void refusesAddressesThatAreNotPublicUnicast(String address) {
    assertThat(policy.refusal(literal(address))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "93.184.216.34",
        "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e",
        "::ffff:8.8.8.8"
      })
  void allowsPublicUnicastAddresses(String address) {
    assertThat(policy.refusal(literal(address))).isEmpty();
  }

  @Test
  void refusalNamesTheAddressAndTheRange() {
    assertThat(policy.refusal(literal("100.64.0.1"))).hasValue("100.64.0.1 is carrier-grade NAT");
    assertThat(policy.refusal(literal("2002:7f00:1::1")).orElseThrow()).endsWith("is 6to4");
  }

  @Test
  void judgesAnIpv4MappedIpv6AddressAsTheIpv4AddressItReaches() {
    InetAddress loopback = mappedIpv6("rebind.test", 127, 0, 0, 1);
    assertThat(loopback).isInstanceOf(Inet6Address.class);
    assertThat(loopback.isLoopbackAddress()).isFalse();

    assertThat(policy.refusal(loopback)).get().asString().contains("127.0.0.1");
    assertThat(policy.refusal(mappedIpv6("meta.test", 169, 254, 169, 254))).isPresent();
    assertThat(policy.refusal(mappedIpv6("lan.test", 10, 0, 0, 1))).isPresent();
    assertThat(policy.refusal(mappedIpv6("public.test", 8, 8, 8, 8))).isEmpty();
  }

  @Test
  void exemptNetworkOpensExactlyItsOwnAddresses() {
    AddressPolicy lan = new AddressPolicy(List.of(Cidr.parse("10.0.0.0/8")));

    assertThat(lan.refusal(literal("10.0.0.0"))).isEmpty();
    assertThat(lan.refusal(literal("10.255.255.255"))).isEmpty();
    assertThat(lan.refusal(mappedIpv6("lan.test", 10, 1, 2, 3))).isEmpty();
    assertThat(lan.refusal(literal("127.0.0.1"))).isPresent();
    assertThat(lan.refusal(literal("172.16.0.1"))).isPresent();
    assertThat(lan.refusal(literal("::a00:1"))).as("10.0.0.1 inside ::/96").isPresent();
  }

  @Test
  void exemptNetworkBoundaryIsExactOnBothSides() {
    AddressPolicy one = new AddressPolicy(List.of(Cidr.parse("192.168.1.0/24")));

    assertThat(one.refusal(literal("192.168.1.0"))).isEmpty();
    assertThat(one.refusal(literal("192.168.1.255"))).isEmpty();
    assertThat(one.refusal(literal("192.168.0.255"))).isPresent();
    assertThat(one.refusal(literal("192.168.2.0"))).isPresent();
  }
}
