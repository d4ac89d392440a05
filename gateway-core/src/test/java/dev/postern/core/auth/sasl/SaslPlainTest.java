package dev.postern.core.auth.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslPlainTest {

    private static String b64(String payload) {
        return b64(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] payload) {
        return Base64.getEncoder().encodeToString(payload);
    }

    private static byte[] plain(byte[] authzid, byte[] authcid, byte[] password) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(authzid);
        out.write(0);
        out.writeBytes(authcid);
        out.write(0);
        out.writeBytes(password);
        return out.toByteArray();
    }

    private static byte[] octets(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SaslOutcome.Malformed malformed(String base64) {
        SaslOutcome outcome = SaslPlain.decode(base64);
        assertThat(outcome).isInstanceOf(SaslOutcome.Malformed.class);
        SaslOutcome.Malformed malformed = (SaslOutcome.Malformed) outcome;
        assertThat(malformed.reason()).doesNotContain("secret").doesNotContain(base64.isEmpty() ? "\u0001" : base64);
        return malformed;
    }

    @Test
    void shouldDecodeCredentialsWithoutAuthzid() {
        assertThat(SaslPlain.decode(b64("\0bob@example.org\0secret")))
                .isEqualTo(new SaslOutcome.Credentials("", "bob@example.org", "secret"));
    }

    @Test
    void shouldDecodeAuthzidAndUtf8Fields() {
        assertThat(SaslPlain.decode(b64("admin\0j\u00fcrgen\0p\u00e4ss w\u00f6rd \u2603")))
                .isEqualTo(new SaslOutcome.Credentials("admin", "j\u00fcrgen", "p\u00e4ss w\u00f6rd \u2603"));
    }

    @Test
    void shouldAcceptFieldsOf255OctetsAndUpToTheBounds() {
        String id255 = "u".repeat(255);
        assertThat(SaslPlain.decode(b64(id255 + "\0" + id255 + "\0" + "p".repeat(255))))
                .isEqualTo(new SaslOutcome.Credentials(id255, id255, "p".repeat(255)));

        String id512 = "\u00e9".repeat(256);
        assertThat(SaslPlain.decode(b64(id512 + "\0" + id512 + "\0" + "p".repeat(1024))))
                .isInstanceOf(SaslOutcome.Credentials.class);
    }

    @Test
    void shouldRefuseFieldsPastTheBounds() {
        assertThat(malformed(b64("z".repeat(513) + "\0bob\0secret")).reason()).contains("authzid").contains("513");
        assertThat(malformed(b64("\0" + "u".repeat(513) + "\0secret")).reason()).contains("authcid").contains("513");
        assertThat(malformed(b64("\0bob\0" + "s".repeat(1025))).reason()).contains("password").doesNotContain("1025");
    }

    @Test
    void shouldRefuseInputOver4KiBBeforeDecoding() {
        String tenKiB = b64("\0bob\0" + "s".repeat(10 * 1024));

        assertThat(malformed(tenKiB).reason()).isEqualTo(SaslBase64.TOO_LONG);
        assertThat(malformed("A".repeat(4100)).reason()).isEqualTo(SaslBase64.TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ym9ic2VjcmV0", "Ym9iAHNlY3JldA==", "YQBiAGMAZA==", ""})
    void shouldRefuseAnythingButExactlyTwoNuls(String base64) {
        // "bobsecret" (0 NUL), "bob\0secret" (1), "a\0b\0c\0d" (3), "" (0)
        assertThat(malformed(base64).reason()).contains("NUL separators");
    }

    @Test
    void shouldRefuseEmptyAuthcidOrPassword() {
        assertThat(malformed(b64("\0\0secret")).reason()).contains("empty authcid");
        assertThat(malformed(b64("admin\0\0secret")).reason()).contains("empty authcid");
        assertThat(malformed(b64("\0bob\0")).reason()).contains("empty password");
        assertThat(malformed(b64("\0\0")).reason()).contains("empty authcid");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AGJvYgBzZWNyZXQ",        // padding missing
        "AGJvYgBzZWNyZXQ==",      // too much padding
        "AGJvYgBzZWNyZXQ=A",      // data after padding
        "AGJvYgBz ZWNyZXQ=",      // space
        "AGJvYgBzZWNyZXQ=\r\n",   // line ending
        "\tAGJvYgBzZWNyZXQ=",     // tab
        "AGJvYgBzZW#yZXQ=",       // character outside the alphabet
        "AGJvYgBzZW-yZXQ=",       // base64url alphabet
        "AGJvYgBzZWNyZXR=",       // non-zero bits in the padding
        "*",                      // cancel
        "=",                      // empty response (the caller's to handle)
        "====",
    })
    void shouldRefuseBadBase64(String base64) {
        assertThat(malformed(base64).reason()).isEqualTo(SaslBase64.INVALID);
    }

    @Test
    void shouldRefuseInvalidUtf8InAnyField() {
        byte[] badSequence = {(byte) 0xC3, 0x28};
        byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
        byte[] loneSurrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};

        assertThat(malformed(b64(plain(badSequence, octets("bob"), octets("secret")))).reason()).contains("authzid");
        assertThat(malformed(b64(plain(new byte[0], overlongSlash, octets("secret")))).reason()).contains("authcid");
        assertThat(malformed(b64(plain(new byte[0], octets("bob"), loneSurrogate))).reason()).contains("password");
        assertThat(malformed(b64(plain(new byte[0], octets("bob"), new byte[] {(byte) 0xFF}))).reason()).contains("UTF-8");
    }

    @Test
    void shouldHideThePasswordInToString() {
        SaslOutcome credentials = SaslPlain.decode(b64("\0bob\0hunter2"));

        assertThat(credentials.toString()).contains("bob").doesNotContain("hunter2");
    }
}
