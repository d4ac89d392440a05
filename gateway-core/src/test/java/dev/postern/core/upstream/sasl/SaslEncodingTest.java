package dev.postern.core.upstream.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The base64 text of SASL messages in IMAP and SMTP. */
class SaslEncodingTest {

    @Test
    void shouldWriteAnEmptyInitialResponseAsEqualsAndAnEmptyAnswerAsNothing() {
        assertThat(SaslEncoding.initialResponse(new byte[0])).isEqualTo("=");
        assertThat(SaslEncoding.response(new byte[0])).isEmpty();
    }

    @Test
    void shouldWriteMessagesAsPaddedBase64() {
        byte[] plain = "\0tim\0tanstaaftanstaaf".getBytes(StandardCharsets.UTF_8);

        assertThat(SaslEncoding.initialResponse(plain)).isEqualTo("AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
        assertThat(SaslEncoding.response(new byte[] {1})).isEqualTo("AQ==");
    }

    @Test
    void shouldReadAChallengeAfterTheProtocolsPrefix() {
        assertThat(SaslEncoding.challenge(" VXNlcm5hbWU6")).isEqualTo("Username:".getBytes(StandardCharsets.US_ASCII));
        assertThat(SaslEncoding.challenge("")).isEmpty();
        assertThat(SaslEncoding.challenge(" ")).isEmpty();
    }

    @Test
    void shouldReadAChallengeThatIsNotBase64AsEmpty() {
        assertThat(SaslEncoding.challenge("Username:")).isEmpty();
        assertThat(SaslEncoding.challenge("go ahead")).isEmpty();
    }
}
