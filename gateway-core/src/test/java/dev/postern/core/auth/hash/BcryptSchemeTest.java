package dev.postern.core.auth.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * bcrypt against published vectors: jBCrypt/OpenBSD ({@code $2a$}), pyca/bcrypt ({@code $2b$}) and
 * the PHP manual's {@code password_verify} example ({@code $2y$}); each also checked with pyca/bcrypt.
 */
class BcryptSchemeTest {

    private static final String EMPTY_2A = "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.";
    private static final String ABC_2A = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";
    private static final String SYMBOLS = "~!@#$%^&*()      ~!@#$%^&*()PNBFRD";
    private static final String SYMBOLS_2A = "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO";
    private static final String KK4_2B = "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm";
    private static final String RASMUS_2Y = "$2y$07$BCryptRequires22Chrcte/VlQH0piJtjXl.0t1XkA8pw9dMXTpOq";
    /** pyca/bcrypt: {@code hashpw(b"x" * 71 + b"yABCDEFGH", b"$2b$04$cVWp4XaNU8a4v1uMRum2SO")}. */
    private static final String LONG_2B = "$2b$04$cVWp4XaNU8a4v1uMRum2SOYw9DccJs/iveA/tN9IICjMhYK/pPVX6";

    private final PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());

    @Test
    void shouldVerifyPublished2aVectors() {
        assertThat(hashes.verify(new byte[0], EMPTY_2A)).isTrue();
        assertThat(hashes.verify(ascii("abc"), ABC_2A)).isTrue();
        assertThat(hashes.verify(ascii(SYMBOLS), SYMBOLS_2A)).isTrue();
    }

    @Test
    void shouldVerifyPublished2bAnd2yVectors() {
        assertThat(hashes.verify(ascii("Kk4DQuMMfZL9o"), KK4_2B)).isTrue();
        assertThat(hashes.verify(ascii("rasmuslerdorf"), RASMUS_2Y)).isTrue();
    }

    @Test
    void shouldRefuseAWrongPassword() {
        assertThat(hashes.verify(ascii("abd"), ABC_2A)).isFalse();
        assertThat(hashes.verify(ascii("ab"), ABC_2A)).isFalse();
        assertThat(hashes.verify(ascii("Kk4DQuMMfZL9O"), KK4_2B)).isFalse();
        assertThat(hashes.verify(ascii("rasmuslerdorF"), RASMUS_2Y)).isFalse();
        assertThat(hashes.verify(ascii("a"), EMPTY_2A)).isFalse();
    }

    @Test
    void shouldIgnoreEverythingAfterThe72ndByte() {
        String first72 = "x".repeat(71) + "y";

        assertThat(hashes.verify(ascii(first72 + "ABCDEFGH"), LONG_2B)).isTrue();
        assertThat(hashes.verify(ascii(first72 + "something else"), LONG_2B)).isTrue();
        assertThat(hashes.verify(ascii(first72), LONG_2B)).isTrue();
        assertThat(hashes.verify(ascii("x".repeat(72) + "ABCDEFGH"), LONG_2B)).isFalse();
    }

    @Test
    void shouldNameTheScheme() {
        assertThat(hashes.scheme(ABC_2A)).isEqualTo("bcrypt");
        assertThat(hashes.scheme(KK4_2B)).isEqualTo("bcrypt");
        assertThat(hashes.scheme(RASMUS_2Y)).isEqualTo("bcrypt");
    }

    @Test
    void shouldRefuseCostsOutsideTheSafeBounds() {
        assertRefused(KK4_2B.replace("$04$", "$17$"), "bcrypt hash: cost=17 (expected: 4..16)");
        assertRefused(KK4_2B.replace("$04$", "$31$"), "bcrypt hash: cost=31 (expected: 4..16)");
        assertRefused(KK4_2B.replace("$04$", "$03$"), "bcrypt hash: cost=3 (expected: 4..16)");
    }

    @Test
    void shouldRefuseMalformedAndUnsupportedVariants() {
        assertRefused(KK4_2B.substring(0, 59), "bcrypt hash: malformed");
        assertRefused(KK4_2B + "a", "bcrypt hash: malformed");
        assertRefused(KK4_2B.replace("cVWp4", "cVWp_"), "bcrypt hash: malformed");
        assertThatThrownBy(() -> hashes.requireSupported(KK4_2B.replace("$2b$", "$2x$")))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith("unknown hash format");
    }

    private void assertRefused(String encoded, String expectedMessageStart) {
        assertThatThrownBy(() -> hashes.requireSupported(encoded))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith(expectedMessageStart)
            .message().doesNotContain(encoded.substring(7, 29));
        assertThatThrownBy(() -> hashes.verify(ascii("Kk4DQuMMfZL9o"), encoded))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith(expectedMessageStart);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(US_ASCII);
    }
}
