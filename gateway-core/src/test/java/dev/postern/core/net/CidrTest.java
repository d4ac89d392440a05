package dev.postern.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void shouldMatchIpv4Networks() throws Exception {
        Cidr network = Cidr.parse("10.0.0.0/8");

        assertThat(network.contains(ip("10.255.1.2"))).isTrue();
        assertThat(network.contains(ip("11.0.0.1"))).isFalse();
        assertThat(Cidr.parse("192.0.2.128/25").contains(ip("192.0.2.127"))).isFalse();
        assertThat(Cidr.parse("192.0.2.128/25").contains(ip("192.0.2.200"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void shouldMatchIpv6NetworksAndSingleHosts() throws Exception {
        assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("192.0.2.1").contains(ip("192.0.2.2"))).isFalse();
    }

    @Test
    void shouldNeverMatchAcrossAddressFamilies() throws Exception {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ip("::ffff:10.0.0.1"))).isTrue(); // Java parses it as IPv4
    }

    @Test
    void shouldNormaliseHostBitsAndPrintTheNetwork() {
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8").isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void shouldRefuseHostNamesAndBadPrefixesNamingTheValue() {
        assertThatThrownBy(() -> Cidr.parse("lb.example.org")).hasMessageContaining("lb.example.org")
                .hasMessageContaining("expected an IP address or network");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("expected a prefix length from 0 to 32");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGroupIpv6ByItsSlash64AndIpv4ByAddress() throws Exception {
        assertThat(AddressGroups.of(ip("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressGroups.of(ip("192.0.2.7"))).isEqualTo("192.0.2.7");
    }
}
