package dev.postern.core.upstream.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;

/** Each client mechanism's messages, byte for byte, with the RFC examples where there are some. */
class SaslClientTest {

    private static final byte[] NO_CHALLENGE = new byte[0];
    private static final String RFC7628_TOKEN = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";
    /** RFC 7628 section 4.3: the server's error challenge. */
    private static final String RFC7628_ERROR = "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3Bl"
            + "bmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczovL2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0=";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(byte[] octets) {
        return Base64.getEncoder().encodeToString(octets);
    }

    @Test
    void shouldSendThePlainExampleOfRfc4616WithoutAuthzid() throws SaslException {
        SaslClient plain = SaslClient.plain("", "tim", "tanstaaftanstaaf");

        assertThat(plain.mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(plain.hasInitialResponse()).isTrue();
        byte[] response = plain.respond(NO_CHALLENGE);
        assertThat(response).isEqualTo(bytes("\0tim\0tanstaaftanstaaf"));
        assertThat(base64(response)).isEqualTo("AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
    }

    @Test
    void shouldSendThePlainExampleOfRfc4616WithAuthzid() throws SaslException {
        byte[] response = SaslClient.plain("Ursel", "Kurt", "xipj3plmq").respond(NO_CHALLENGE);

        assertThat(response).isEqualTo(bytes("Ursel\0Kurt\0xipj3plmq"));
        assertThat(base64(response)).isEqualTo("VXJzZWwAS3VydAB4aXBqM3BsbXE=");
    }

    @Test
    void shouldEncodePlainFieldsAsUtf8() throws SaslException {
        byte[] response = SaslClient.plain("", "alice@example.com", "us\u00e9r-pass").respond(NO_CHALLENGE);

        assertThat(response).isEqualTo(new byte[] {0, 'a', 'l', 'i', 'c', 'e', '@', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c',
                'o', 'm', 0, 'u', 's', (byte) 0xc3, (byte) 0xa9, 'r', '-', 'p', 'a', 's', 's'});
    }

    @Test
    void shouldAnswerTheFirstChallengeWithThePlainResponseWhenTheCommandDidNotCarryIt() throws SaslException {
        // given: no SASL-IR, so the server's empty challenge asks for the response
        SaslClient plain = SaslClient.plain("alice@example.com", "postern", "m4ster-secret");

        assertThat(plain.respond(NO_CHALLENGE)).isEqualTo(bytes("alice@example.com\0postern\0m4ster-secret"));
    }

    @Test
    void shouldRefuseAChallengeAfterThePlainResponse() throws SaslException {
        SaslClient plain = SaslClient.plain("", "tim", "tanstaaftanstaaf");
        plain.respond(NO_CHALLENGE);

        assertThatThrownBy(() -> plain.respond(NO_CHALLENGE)).isInstanceOf(SaslException.class)
                .hasMessage("PLAIN: unexpected challenge after 1 message");
    }

    @Test
    void shouldRefuseNulInAPlainFieldWithoutShowingIt() {
        assertThatThrownBy(() -> SaslClient.plain("a\0b", "tim", "secret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLAIN: the authzid contains NUL");
        assertThatThrownBy(() -> SaslClient.plain("", "t\0im", "secret")).hasMessage("PLAIN: the authcid contains NUL");
        assertThatThrownBy(() -> SaslClient.plain("", "tim", "sec\0ret")).hasMessage("PLAIN: the password contains NUL");
    }

    @Test
    void shouldAnswerTheTwoLoginChallengesWithUserThenPassword() throws SaslException {
        SaslClient login = SaslClient.login("alice@example.com", "us\u00e9r-pass");

        assertThat(login.mechanism()).isEqualTo(SaslMechanism.LOGIN);
        assertThat(login.hasInitialResponse()).isFalse();
        assertThat(base64(login.respond(Base64.getDecoder().decode("VXNlcm5hbWU6")))).isEqualTo("YWxpY2VAZXhhbXBsZS5jb20=");
        assertThat(login.respond(Base64.getDecoder().decode("UGFzc3dvcmQ6"))).isEqualTo(bytes("us\u00e9r-pass"));
        assertThatThrownBy(() -> login.respond(NO_CHALLENGE)).isInstanceOf(SaslException.class)
                .hasMessage("LOGIN: unexpected challenge after 2 messages");
    }

    @Test
    void shouldSendTheXoauth2ExampleOfGoogle() throws SaslException {
        SaslClient xoauth2 = SaslClient.xoauth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");

        assertThat(xoauth2.mechanism()).isEqualTo(SaslMechanism.XOAUTH2);
        assertThat(xoauth2.hasInitialResponse()).isTrue();
        byte[] response = xoauth2.respond(NO_CHALLENGE);
        assertThat(response).isEqualTo(bytes("user=someuser@example.com\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
                + "\u0001\u0001"));
        assertThat(base64(response)).isEqualTo("dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRj"
                + "Mk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==");
    }

    @Test
    void shouldAnswerTheXoauth2ErrorChallengeWithAnEmptyResponseOnce() throws SaslException {
        // given: the token went out and the server answers with its error (base64 JSON)
        SaslClient xoauth2 = SaslClient.xoauth2("someuser@example.com", "ya29.token");
        xoauth2.respond(NO_CHALLENGE);
        byte[] error = Base64.getDecoder().decode("eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIG1hYyIsInNjb3BlIjoiaHR0cHM6Ly9tYWlsLmdvb2dsZS5jb20vIn0=");

        // then: the empty response, after which the server must end the exchange
        assertThat(xoauth2.respond(error)).isEmpty();
        assertThatThrownBy(() -> xoauth2.respond(error)).isInstanceOf(SaslException.class)
                .hasMessage("XOAUTH2: unexpected challenge after 1 message and the answer to the error");
    }

    @Test
    void shouldRefuseXoauth2FieldsThatBreakItsFraming() {
        assertThatThrownBy(() -> SaslClient.xoauth2("a\u0001b", "token")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("XOAUTH2: the user contains U+0001");
        assertThatThrownBy(() -> SaslClient.xoauth2("a", "tok\u0001en")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("XOAUTH2: the token is not an RFC 6750 b64token");
        assertThatThrownBy(() -> SaslClient.xoauth2("a", "")).hasMessage("XOAUTH2: the token is not an RFC 6750 b64token");
        assertThatThrownBy(() -> SaslClient.xoauth2("a", "==")).hasMessage("XOAUTH2: the token is not an RFC 6750 b64token");
        assertThatThrownBy(() -> SaslClient.xoauth2("a", "to ken")).hasMessage("XOAUTH2: the token is not an RFC 6750 b64token");
    }

    @Test
    void shouldSendTheImapOauthBearerExampleOfRfc7628() throws SaslException {
        SaslClient bearer = SaslClient.oauthBearer("user@example.com", "server.example.com", 143, RFC7628_TOKEN);

        assertThat(bearer.mechanism()).isEqualTo(SaslMechanism.OAUTHBEARER);
        assertThat(bearer.hasInitialResponse()).isTrue();
        byte[] response = bearer.respond(NO_CHALLENGE);
        assertThat(response).isEqualTo(bytes("n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001"
                + "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001"));
        assertThat(base64(response)).isEqualTo("bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1"
                + "dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB");
    }

    @Test
    void shouldSendTheSmtpOauthBearerExampleOfRfc7628() throws SaslException {
        byte[] response = SaslClient.oauthBearer("user@example.com", "server.example.com", 587, RFC7628_TOKEN)
                .respond(NO_CHALLENGE);

        assertThat(base64(response)).isEqualTo("bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1"
                + "dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB");
    }

    @Test
    void shouldAnswerTheOauthBearerErrorChallengeOfRfc7628WithU0001Once() throws SaslException {
        // given: the token went out; RFC 7628 section 4.3's server refuses it with a JSON challenge
        SaslClient bearer = SaslClient.oauthBearer("user@example.com", "server.example.com", 143, RFC7628_TOKEN);
        bearer.respond(NO_CHALLENGE);
        byte[] error = Base64.getDecoder().decode(RFC7628_ERROR);

        // then: the client's dummy response, AQ== on the wire
        byte[] answer = bearer.respond(error);
        assertThat(answer).containsExactly(0x01);
        assertThat(base64(answer)).isEqualTo("AQ==");
        assertThatThrownBy(() -> bearer.respond(error)).isInstanceOf(SaslException.class)
                .hasMessage("OAUTHBEARER: unexpected challenge after 1 message and the answer to the error");
    }

    @Test
    void shouldEscapeCommaAndEqualsInTheOauthBearerAuthzid() throws SaslException {
        byte[] response = SaslClient.oauthBearer("a,b=c=,", "h", 993, "t").respond(NO_CHALLENGE);

        assertThat(new String(response, StandardCharsets.UTF_8))
                .isEqualTo("n,a=a=2Cb=3Dc=3D=2C,\u0001host=h\u0001port=993\u0001auth=Bearer t\u0001\u0001");
        assertThat(SaslClient.saslName("=2C")).as("an escape is itself escaped, not kept").isEqualTo("=3D2C");
    }

    @Test
    void shouldLeaveTheAuthzidOutOfTheGs2HeaderWhenEmpty() throws SaslException {
        byte[] response = SaslClient.oauthBearer("", "imap.example.org", 993, "t0k3n").respond(NO_CHALLENGE);

        assertThat(new String(response, StandardCharsets.UTF_8))
                .isEqualTo("n,,\u0001host=imap.example.org\u0001port=993\u0001auth=Bearer t0k3n\u0001\u0001");
    }

    @Test
    void shouldRefuseOauthBearerFieldsThatBreakItsFraming() {
        assertThatThrownBy(() -> SaslClient.oauthBearer("a\u0001", "h", 1, "t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OAUTHBEARER: the authzid contains U+0001");
        assertThatThrownBy(() -> SaslClient.oauthBearer("a\0", "h", 1, "t")).hasMessage("OAUTHBEARER: the authzid contains NUL");
        assertThatThrownBy(() -> SaslClient.oauthBearer("a", "h\u0001", 1, "t")).hasMessage("OAUTHBEARER: the host contains U+0001");
        assertThatThrownBy(() -> SaslClient.oauthBearer("a", "h", 0, "t")).hasMessage("OAUTHBEARER: port 0 (expected: 1 to 65535)");
        assertThatThrownBy(() -> SaslClient.oauthBearer("a", "h", 65536, "t"))
                .hasMessage("OAUTHBEARER: port 65536 (expected: 1 to 65535)");
        assertThatThrownBy(() -> SaslClient.oauthBearer("a", "h", 1, "t\u0001"))
                .hasMessage("OAUTHBEARER: the token is not an RFC 6750 b64token");
    }

    @Test
    void shouldNeverShowTheSecretInToStringOrErrors() {
        SaslClient[] clients = {SaslClient.plain("alice", "postern", "m4ster-secret"), SaslClient.login("alice", "m4ster-secret"),
                SaslClient.xoauth2("alice", "m4ster-secret"), SaslClient.oauthBearer("alice", "h", 143, "m4ster-secret")};
        for (SaslClient client : clients) {
            assertThat(client.toString()).isEqualTo("SaslClient[" + client.mechanism() + "]");
            Throwable unexpected = catchUnexpected(client);
            assertThat(unexpected).isInstanceOf(SaslException.class);
            assertThat(unexpected.getMessage()).doesNotContain("m4ster-secret").doesNotContain("alice");
        }
        assertThatThrownBy(() -> SaslClient.plain("", "postern", "m4ster\0secret")).message().doesNotContain("m4ster");
        assertThatThrownBy(() -> SaslClient.xoauth2("alice", "m4ster secret")).message().doesNotContain("m4ster");
    }

    /** Answers challenges until the client refuses one. */
    private static Throwable catchUnexpected(SaslClient client) {
        for (int i = 0; i < 5; i++) {
            try {
                client.respond(NO_CHALLENGE);
            } catch (SaslException e) {
                return e;
            }
        }
        return null;
    }
}
