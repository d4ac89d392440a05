package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void shouldParseNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("mail.example.org:993")).isEqualTo(new HostPort("mail.example.org", 993));
        assertThat(HostPort.parse("0.0.0.0:143")).isEqualTo(new HostPort("0.0.0.0", 143));
        assertThat(HostPort.parse("[::1]:993")).isEqualTo(new HostPort("::1", 993));
        assertThat(HostPort.parse("[2001:db8::5]:587")).isEqualTo(new HostPort("2001:db8::5", 587));
    }

    @Test
    void shouldPrintIpv6InBrackets() {
        assertThat(HostPort.parse("[::1]:993")).hasToString("[::1]:993");
        assertThat(HostPort.parse("localhost:25")).hasToString("localhost:25");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.org", "mail.example.org:", ":993", "0.0.0.0:99999",
            "0.0.0.0:-1", "::1:993", "[::1]", "[nonsense]:993", "mail example:993", "300.1.1.1:993", "host:99a"})
    void shouldRefuseAnythingButHostColonPort(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" (expected host:port with a port of 1-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:1", "LocalHost:1", "127.0.0.1:1", "127.1.2.3:1", "[::1]:1",
            "[0:0:0:0:0:0:0:1]:1"})
    void shouldKnowLoopbackAddressesWithoutLookingUpNames(String text) {
        assertThat(HostPort.parse(text).isLoopback()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:1", "[::]:1", "10.0.0.1:1", "128.0.0.1:1", "mail.example.org:1",
            "localhost.example.org:1", "[2001:db8::1]:1"})
    void shouldTreatEverythingElseAsNotLoopback(String text) {
        assertThat(HostPort.parse(text).isLoopback()).isFalse();
    }
}
