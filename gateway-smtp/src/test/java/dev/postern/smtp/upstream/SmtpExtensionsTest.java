package dev.postern.smtp.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.upstream.UpstreamFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Postern learns from an upstream EHLO and what it passes on to clients. */
class SmtpExtensionsTest {

    @Test
    void shouldPassOnOnlyRelayableExtensionsInTheUpstreamsOrder() throws Exception {
        // given: a Postfix-like EHLO reply, read line by line
        SmtpReply.Reader reader = new SmtpReply.Reader();
        String[] lines = {"250-mail.example.org", "250-PIPELINING", "250-SIZE 10240000", "250-VRFY", "250-ETRN",
            "250-STARTTLS", "250-AUTH PLAIN LOGIN", "250-AUTH=PLAIN LOGIN", "250-XCLIENT ADDR NAME", "250-XFORWARD NAME",
            "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-DSN", "250-SMTPUTF8", "250 CHUNKING"};
        SmtpReply reply = null;
        for (String line : lines) {
            reply = reader.add(line);
        }

        // when
        SmtpExtensions extensions = SmtpExtensions.fromEhlo(reply);

        // then
        assertThat(extensions.forClients()).containsExactly("PIPELINING", "SIZE 10240000", "ENHANCEDSTATUSCODES",
                "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING");
        assertThat(extensions.authMechanisms()).contains("PLAIN", "LOGIN");
        assertThat(extensions.has("xclient")).isTrue();
        assertThat(SmtpExtensions.deserialise(extensions.serialise())).isEqualTo(extensions);
    }

    @Test
    void shouldRefuseSomethingThatIsNotAReplyLine() {
        assertThatThrownBy(() -> new SmtpReply.Reader().add("hello")).isInstanceOf(UpstreamFailure.class)
                .hasMessageContaining("not an SMTP reply line");
    }

    @Test
    void shouldAdvertiseNothingOfAnUpstreamWithoutExtensions() {
        assertThat(new SmtpExtensions(List.of("AUTH PLAIN", "STARTTLS")).forClients()).isEmpty();
    }
}
