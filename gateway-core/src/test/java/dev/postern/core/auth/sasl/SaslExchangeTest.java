package dev.postern.core.auth.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.LoginRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server side of SASL as both fronts run it (IMAP AUTHENTICATE, SMTP AUTH); the fronts' own
 * tests and ITs check only how each step is framed on the wire.
 */
class SaslExchangeTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The exchange a challenge step hands on, after checking the challenge. */
    private static SaslExchange challenged(SaslStep step, String challenge) {
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        assertThat(((SaslStep.Challenge) step).challenge()).isEqualTo(challenge);
        return ((SaslStep.Challenge) step).exchange();
    }

    private static LoginRequest completed(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Complete.class);
        return ((SaslStep.Complete) step).request();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "plain", "Plain"})
    void shouldTakePlainWithAnInitialResponseInAnyCase(String mechanism) {
        SaslStep step = SaslExchange.start(mechanism, b64("\0alice@example.org\0s3cret"));

        assertThat(completed(step)).isEqualTo(new LoginRequest("alice@example.org", "s3cret", "", LoginRequest.PLAIN));
    }

    @Test
    void shouldKeepThePlainAuthzid() {
        SaslStep step = SaslExchange.start("PLAIN", b64("boss@example.org\0alice@example.org\0pw"));

        assertThat(completed(step)).isEqualTo(LoginRequest.plain("boss@example.org", "alice@example.org", "pw"));
    }

    @Test
    void shouldRunPlainByAnEmptyChallenge() {
        SaslExchange waiting = challenged(SaslExchange.start("PLAIN", null), "");

        assertThat(completed(waiting.respond(b64("\0bob\0secret")))).isEqualTo(LoginRequest.plain("", "bob", "secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGIN", "login"})
    void shouldRunLoginWithItsTwoPrompts(String mechanism) {
        SaslExchange askingUser = challenged(SaslExchange.start(mechanism, null), SaslLogin.USERNAME_CHALLENGE);
        SaslExchange askingPassword = challenged(askingUser.respond(b64("bob")), SaslLogin.PASSWORD_CHALLENGE);

        assertThat(completed(askingPassword.respond(b64("pw1"))))
                .isEqualTo(new LoginRequest("bob", "pw1", "", LoginRequest.LOGIN));
    }

    @Test
    void shouldTakeTheLoginUserNameAsInitialResponse() {
        SaslExchange askingPassword = challenged(SaslExchange.start("LOGIN", b64("carol")), SaslLogin.PASSWORD_CHALLENGE);

        assertThat(completed(askingPassword.respond(b64("pw2")))).isEqualTo(LoginRequest.login("carol", "pw2"));
    }

    @Test
    void shouldLeaveAWaitingExchangeAsItWas() {
        SaslExchange askingUser = challenged(SaslExchange.start("LOGIN", null), SaslLogin.USERNAME_CHALLENGE);

        SaslExchange first = challenged(askingUser.respond(b64("bob")), SaslLogin.PASSWORD_CHALLENGE);
        SaslExchange second = challenged(askingUser.respond(b64("dave")), SaslLogin.PASSWORD_CHALLENGE);

        assertThat(completed(first.respond(b64("pw"))).user()).isEqualTo("bob");
        assertThat(completed(second.respond(b64("pw"))).user()).isEqualTo("dave");
    }

    @Test
    void shouldTakeEqualsAsAnEmptyInitialResponse() {
        // empty PLAIN and LOGIN responses are malformed, not a request for a challenge
        assertThat(SaslExchange.start("PLAIN", "=")).isInstanceOf(SaslStep.Malformed.class);
        assertThat(SaslExchange.start("LOGIN", "=")).isInstanceOf(SaslStep.Malformed.class);
        assertThat(SaslExchange.start("PLAIN", "")).isInstanceOf(SaslStep.Malformed.class);
    }

    @Test
    void shouldCancelOnAStarAtEveryPrompt() {
        SaslExchange plain = challenged(SaslExchange.start("PLAIN", null), "");
        SaslExchange askingUser = challenged(SaslExchange.start("LOGIN", null), SaslLogin.USERNAME_CHALLENGE);
        SaslExchange askingPassword = challenged(askingUser.respond(b64("bob")), SaslLogin.PASSWORD_CHALLENGE);

        assertThat(plain.respond("*")).isEqualTo(new SaslStep.Cancelled());
        assertThat(askingUser.respond("*")).isEqualTo(new SaslStep.Cancelled());
        assertThat(askingPassword.respond("*")).isEqualTo(new SaslStep.Cancelled());
    }

    @Test
    void shouldNotTakeAStarInitialResponseForACancel() {
        assertThat(SaslExchange.start("PLAIN", "*")).isInstanceOf(SaslStep.Malformed.class);
        assertThat(SaslExchange.start("LOGIN", "*")).isInstanceOf(SaslStep.Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CRAM-MD5", "XOAUTH2", "SCRAM-SHA-256", "PLAINX", ""})
    void shouldRefuseOtherMechanisms(String mechanism) {
        assertThat(SaslExchange.start(mechanism, null)).isEqualTo(new SaslStep.UnknownMechanism());
        assertThat(SaslExchange.start(mechanism, b64("\0alice\0pw"))).isEqualTo(new SaslStep.UnknownMechanism());
    }

    @Test
    void shouldRefuseMalformedResponsesAtEveryPromptWithoutRepeatingThem() {
        String notBase64 = "!!notbase64-secret";
        SaslExchange plain = challenged(SaslExchange.start("PLAIN", null), "");
        SaslExchange askingUser = challenged(SaslExchange.start("LOGIN", null), SaslLogin.USERNAME_CHALLENGE);
        SaslExchange askingPassword = challenged(askingUser.respond(b64("bob")), SaslLogin.PASSWORD_CHALLENGE);

        for (SaslStep step : new SaslStep[] {plain.respond(notBase64), askingUser.respond(notBase64),
                askingPassword.respond(notBase64), plain.respond("="), plain.respond(b64("alice\0pw")),
                SaslExchange.start("PLAIN", notBase64), SaslExchange.start("LOGIN", notBase64)}) {
            assertThat(step).isInstanceOf(SaslStep.Malformed.class);
            assertThat(((SaslStep.Malformed) step).reason()).isNotEmpty().doesNotContain("secret");
        }
    }

    @Test
    void shouldRefuseResponsesOverTheBounds() {
        SaslExchange askingUser = challenged(SaslExchange.start("LOGIN", null), SaslLogin.USERNAME_CHALLENGE);
        SaslExchange askingPassword = challenged(askingUser.respond(b64("bob")), SaslLogin.PASSWORD_CHALLENGE);

        assertThat(SaslExchange.start("PLAIN", "A".repeat(SaslBase64.MAX_ENCODED_CHARS + 4)))
                .isEqualTo(new SaslStep.Malformed(SaslBase64.TOO_LONG));
        assertThat(SaslExchange.start("PLAIN", b64("\0" + "u".repeat(SaslPlain.MAX_IDENTITY_OCTETS + 1) + "\0pw")))
                .isInstanceOf(SaslStep.Malformed.class);
        assertThat(askingUser.respond(b64("u".repeat(SaslPlain.MAX_IDENTITY_OCTETS + 1))))
                .isInstanceOf(SaslStep.Malformed.class);
        assertThat(askingPassword.respond(b64("p".repeat(SaslPlain.MAX_PASSWORD_OCTETS + 1))))
                .isInstanceOf(SaslStep.Malformed.class);
        assertThat(completed(askingPassword.respond(b64("p".repeat(SaslPlain.MAX_PASSWORD_OCTETS)))).password())
                .hasSize(SaslPlain.MAX_PASSWORD_OCTETS);
    }

    @Test
    void shouldNeverShowTheSecretsInToString() {
        SaslExchange askingUser = challenged(SaslExchange.start("LOGIN", null), SaslLogin.USERNAME_CHALLENGE);
        SaslStep passwordChallenge = askingUser.respond(b64("bob"));
        SaslStep plain = SaslExchange.start("PLAIN", b64("\0alice\0hunter2"));
        SaslStep login = ((SaslStep.Challenge) passwordChallenge).exchange().respond(b64("hunter2"));

        assertThat(plain.toString()).contains("alice").doesNotContain("hunter2").doesNotContain(b64("hunter2"));
        assertThat(login.toString()).contains("bob").doesNotContain("hunter2");
        assertThat(passwordChallenge.toString()).doesNotContain("bob");
    }
}
