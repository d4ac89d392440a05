package dev.postern.smtp.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** XCLIENT values are xtext or [UNAVAILABLE]; nothing a client controls reaches the line raw. */
class XclientTest {

    @Test
    void shouldSendAnIpv4AddressAndPort() {
        assertThat(Xclient.command("192.0.2.7", 51234)).isEqualTo("XCLIENT ADDR=192.0.2.7 PORT=51234 NAME=[UNAVAILABLE]");
    }

    @Test
    void shouldPrefixIpv6AsPostfixExpects() {
        assertThat(Xclient.command("2001:db8::1", 1)).isEqualTo("XCLIENT ADDR=IPV6:2001:db8:0:0:0:0:0:1 PORT=1 NAME=[UNAVAILABLE]");
    }

    @Test
    void shouldSendUnavailableForAnythingThatIsNotAnAddressLiteral() {
        assertThat(Xclient.address("cafe")).isEqualTo("[UNAVAILABLE]");
        assertThat(Xclient.address("1.2.3.4\r\nRCPT TO:<x>")).isEqualTo("[UNAVAILABLE]");
        assertThat(Xclient.address("")).isEqualTo("[UNAVAILABLE]");
        assertThat(Xclient.command("192.0.2.7", 0)).contains("PORT=[UNAVAILABLE]");
    }

    @Test
    void shouldXtextEncodeSpacesControlsPlusAndEquals() {
        assertThat(Xclient.xtext("a b+c=d\r\né")).isEqualTo("a+20b+2Bc+3Dd+0D+0A+C3+A9");
    }
}
