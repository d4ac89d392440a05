package dev.postern.core.auth.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Peppered HMAC-SHA-256 against a value computed independently with Python's {@code hmac} module:
 * {@code hmac.new(bytes(range(32)), b"\xa5" * 16 + b"correct horse battery staple", sha256)}.
 */
class HmacSha256SchemeTest {

    private static final byte[] PEPPER = pepper();
    private static final byte[] SECRET = "correct horse battery staple".getBytes(US_ASCII);
    private static final String EXPECTED =
        "$hmac-sha256$paWlpaWlpaWlpaWlpaWlpQ$CP/tNmsMf2ulRjTyFhiPzDzBgrK/qTKguur9uoHHgFg";

    private final PasswordHashes peppered = new PasswordHashes(Argon2Params.DEFAULT, PEPPER, new SecureRandom());
    private final PasswordHashes unpeppered = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());

    @Test
    void shouldVerifyAnIndependentlyComputedMac() {
        assertThat(peppered.verify(SECRET, EXPECTED)).isTrue();
        assertThat(peppered.scheme(EXPECTED)).isEqualTo("hmac-sha256");
    }

    @Test
    void shouldProduceExactlyTheIndependentlyComputedString() {
        // given a random source that yields 0xa5 bytes, as in the Python computation
        PasswordHashes fixedSalt = new PasswordHashes(Argon2Params.DEFAULT, PEPPER, new FixedRandom((byte) 0xa5));

        assertThat(fixedSalt.hashHmac(SECRET)).isEqualTo(EXPECTED);
    }

    @Test
    void shouldRefuseAWrongSecretOrAnotherPepper() {
        byte[] otherPepper = pepper();
        otherPepper[0] ^= 1;
        PasswordHashes otherlyPeppered = new PasswordHashes(Argon2Params.DEFAULT, otherPepper, new SecureRandom());

        assertThat(peppered.verify("correct horse battery stapler".getBytes(US_ASCII), EXPECTED)).isFalse();
        assertThat(otherlyPeppered.verify(SECRET, EXPECTED)).isFalse();
    }

    @Test
    void shouldRoundTripWithFreshSalts() {
        String first = peppered.hashHmac(SECRET);
        String second = peppered.hashHmac(SECRET);

        assertThat(first).isNotEqualTo(second).startsWith("$hmac-sha256$");
        assertThat(peppered.verify(SECRET, first)).isTrue();
        assertThat(peppered.verify(SECRET, second)).isTrue();
    }

    @Test
    void shouldRefuseHmacHashesWithoutAPepper() {
        assertThatThrownBy(() -> unpeppered.verify(SECRET, EXPECTED))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessage("hmac-sha256 hashes need a pepper: set auth.pepper-file");
        assertThatThrownBy(() -> unpeppered.requireSupported(EXPECTED))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessage("hmac-sha256 hashes need a pepper: set auth.pepper-file");
        assertThatThrownBy(() -> unpeppered.hashHmac(SECRET))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("hmac-sha256 hashes need a pepper: set auth.pepper-file");
    }

    @Test
    void shouldRefuseMalformedHmacHashes() {
        assertThatThrownBy(() -> peppered.requireSupported(EXPECTED.substring(0, EXPECTED.length() - 4)))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessage("hmac-sha256 hash: mac bytes=29 (expected: 32)");
        assertThatThrownBy(() -> peppered.requireSupported("$hmac-sha256$paWlpQ$CP/tNmsMf2ulRjTyFhiPzDzBgrK/qTKguur9uoHHgFg"))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessage("hmac-sha256 hash: salt bytes=4 (expected: 8..64)");
        assertThatThrownBy(() -> peppered.requireSupported("$hmac-sha256$CP/tNmsMf2ulRjTyFhiPzDzBgrK/qTKguur9uoHHgFg"))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith("hmac-sha256 hash: malformed")
            .message().doesNotContain("CP/tNmsMf2ulRjTyFhiPzDzBgrK");
    }

    @Test
    void shouldRefuseAShortPepper() {
        assertThatThrownBy(() -> new PasswordHashes(Argon2Params.DEFAULT, new byte[31], new SecureRandom()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("auth.pepper-file: 31 bytes (expected: at least 32)");
    }

    @Test
    void shouldCopyThePepper() {
        byte[] pepper = pepper();
        PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, pepper, new SecureRandom());

        Arrays.fill(pepper, (byte) 0);

        assertThat(hashes.verify(SECRET, EXPECTED)).isTrue();
    }

    private static byte[] pepper() {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) i;
        }
        return pepper;
    }

    /** A "random" source that yields one byte value, for reproducible salts. */
    static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte value;

        FixedRandom(byte value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, value);
        }
    }
}
