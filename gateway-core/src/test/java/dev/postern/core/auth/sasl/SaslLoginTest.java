package dev.postern.core.auth.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslLoginTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    @Test
    void shouldOfferTheUsualChallenges() {
        assertThat(decoded(SaslLogin.USERNAME_CHALLENGE)).isEqualTo("Username:");
        assertThat(decoded(SaslLogin.PASSWORD_CHALLENGE)).isEqualTo("Password:");
    }

    @Test
    void shouldDecodeBothStepsIntoCredentials() {
        SaslText user = SaslLogin.decodeUsername(b64("j\u00fcrgen@example.org"));
        SaslText password = SaslLogin.decodePassword(b64("s3cr\u00e9t pass"));

        assertThat(user).isEqualTo(new SaslText.Value("j\u00fcrgen@example.org"));
        assertThat(password).isEqualTo(new SaslText.Value("s3cr\u00e9t pass"));
        assertThat(SaslLogin.credentials((SaslText.Value) user, (SaslText.Value) password))
                .isEqualTo(new SaslOutcome.Credentials("", "j\u00fcrgen@example.org", "s3cr\u00e9t pass"));
        assertThat(password.toString()).doesNotContain("s3cr");
    }

    @Test
    void shouldAcceptUpToTheBoundsAndRefuseMore() {
        assertThat(SaslLogin.decodeUsername(b64("u".repeat(255)))).isInstanceOf(SaslText.Value.class);
        assertThat(SaslLogin.decodeUsername(b64("u".repeat(512)))).isInstanceOf(SaslText.Value.class);
        assertThat(SaslLogin.decodeUsername(b64("u".repeat(513)))).isInstanceOf(SaslText.Malformed.class);
        assertThat(SaslLogin.decodePassword(b64("p".repeat(1024)))).isInstanceOf(SaslText.Value.class);
        assertThat(SaslLogin.decodePassword(b64("p".repeat(1025)))).isInstanceOf(SaslText.Malformed.class);
        assertThat(SaslLogin.decodePassword(b64("p".repeat(10 * 1024))))
                .isEqualTo(new SaslText.Malformed("LOGIN password: " + SaslBase64.TOO_LONG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "=", "*", "Ym9i\r\n", "Ym9 i", "Ym9", "Ym9i=", "Ym9i====", "Ym#i", "AA==", "Ym9iAHg="})
    void shouldRefuseEmptyBadOrNulBearingSteps(String base64) {
        assertThat(SaslLogin.decodeUsername(base64)).isInstanceOf(SaslText.Malformed.class);
        assertThat(SaslLogin.decodePassword(base64)).isInstanceOf(SaslText.Malformed.class);
    }

    @Test
    void shouldRefuseInvalidUtf8() {
        String bad = Base64.getEncoder().encodeToString(new byte[] {'b', (byte) 0xC3, 0x28});

        assertThat(SaslLogin.decodePassword(bad)).isEqualTo(new SaslText.Malformed("LOGIN: password is not valid UTF-8"));
    }
}
