package dev.postern.pop3.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Dovecot's POP3 XCLIENT: a bare IP literal and a port; nothing a client controls reaches the line raw. */
class XclientTest {

    @Test
    void shouldSendAnIpv4AddressAndPort() {
        assertThat(Xclient.command("192.0.2.7", 51234)).isEqualTo("XCLIENT ADDR=192.0.2.7 PORT=51234");
    }

    @Test
    void shouldSendIpv6WithoutBracketsOrPrefix() {
        assertThat(Xclient.command("2001:db8::1", 1)).isEqualTo("XCLIENT ADDR=2001:db8:0:0:0:0:0:1 PORT=1");
    }

    @Test
    void shouldLeaveOutAPortOutOfRange() {
        assertThat(Xclient.command("192.0.2.7", 0)).isEqualTo("XCLIENT ADDR=192.0.2.7");
        assertThat(Xclient.command("192.0.2.7", 65536)).isEqualTo("XCLIENT ADDR=192.0.2.7");
    }

    @Test
    void shouldSendNothingForWhatIsNotAnAddressLiteral() {
        assertThat(Xclient.command("mail.example.org", 1)).isNull();
        assertThat(Xclient.command("192.0.2.7\r\nDELE 1", 1)).isNull();
        assertThat(Xclient.command("999.1.1.1", 1)).as("not a literal: would be looked up").isNull();
        assertThat(Xclient.command("", 1)).isNull();
        assertThat(Xclient.command(null, 1)).isNull();
    }
}
