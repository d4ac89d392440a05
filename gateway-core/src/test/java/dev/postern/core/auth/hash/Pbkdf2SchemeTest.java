package dev.postern.core.auth.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * PBKDF2 against published vectors (RFC 7914 §11 for SHA-256, the common SHA-512 vectors, passlib's
 * documentation), each re-encoded as a PHC string and checked with Python's hashlib.
 */
class Pbkdf2SchemeTest {

    /** RFC 7914 §11: P="passwd", S="salt", c=1, dkLen=64. */
    private static final String RFC7914_1 = "$pbkdf2-sha256$i=1,l=64$c2FsdA"
        + "$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLxJypzM8Xm2RZkWZLOdd+8xfHG4RbHjC9UJESBB06GXgw";
    /** RFC 7914 §11: P="Password", S="NaCl", c=80000, dkLen=64 (no l= given). */
    private static final String RFC7914_2 = "$pbkdf2-sha256$i=80000$TmFDbA"
        + "$TdzY9guYviGDDO5e8icB+WQaRBjQTAQUrv8Ih2s0q1ah1CWhIlgzVJrbhBtRybMXaicr3ruh0HhHj2Kzl/M8jQ";
    /** PBKDF2-HMAC-SHA-512: P="password", S="salt", c=1, dkLen=64 (867f70cf...). */
    private static final String SHA512_C1 = "$pbkdf2-sha512$i=1,l=64$c2FsdA"
        + "$hn9wzxreAs/zdSWZo6U9xK80x6ZpgVrl1RNVThyM8lLALUcKKFoFAbrZmb/pQ8CPBQI119aLHaVeY/c7YKV/zg";
    /** PBKDF2-HMAC-SHA-512: P="passwordPASSWORDpassword", S="saltSALTsaltSALTsaltSALTsaltSALTsalt", c=4096. */
    private static final String SHA512_C4096 = "$pbkdf2-sha512$i=4096,l=64$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0"
        + "$jAUR9Mbll8asYxXY8DYuIl88UBSVuiO4aMAFF03E7nERW1n55gzZUy+jPg91rv4wIlxYOhhs2CvU2uqXJKPTuA";
    /** passlib documentation, pbkdf2_sha256.hash("password"). */
    private static final String PASSLIB_DOC_6400 =
        "$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M";
    /** passlib documentation, pbkdf2_sha256.using(rounds=8000, salt_size=10).hash("password"). */
    private static final String PASSLIB_DOC_8000 =
        "$pbkdf2-sha256$8000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE";
    /** passlib 1.7: pbkdf2_sha512.using(rounds=25000, salt=b"0123456789abcdef").hash("password"). */
    private static final String PASSLIB_SHA512 = "$pbkdf2-sha512$25000$MDEyMzQ1Njc4OWFiY2RlZg"
        + "$uxdHU.JH8vyHyz/DeXpgS7H6Tjz9A.lBWgSoOvvbH2iwTOWkhoRip9yMdB0AZCvZtIdBg46qUM3yPQkKDTKUSg";

    private final PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());

    @Test
    void shouldVerifyRfc7914Sha256VectorsInPhcForm() {
        assertThat(hashes.verify(ascii("passwd"), RFC7914_1)).isTrue();
        assertThat(hashes.verify(ascii("Password"), RFC7914_2)).isTrue();
    }

    @Test
    void shouldVerifySha512VectorsInPhcForm() {
        assertThat(hashes.verify(ascii("password"), SHA512_C1)).isTrue();
        assertThat(hashes.verify(ascii("passwordPASSWORDpassword"), SHA512_C4096)).isTrue();
    }

    @Test
    void shouldVerifyPasslibHashes() {
        assertThat(hashes.verify(ascii("password"), PASSLIB_DOC_6400)).isTrue();
        assertThat(hashes.verify(ascii("password"), PASSLIB_DOC_8000)).isTrue();
        assertThat(hashes.verify(ascii("password"), PASSLIB_SHA512)).isTrue();
    }

    @Test
    void shouldRefuseAWrongPassword() {
        assertThat(hashes.verify(ascii("passwd "), RFC7914_1)).isFalse();
        assertThat(hashes.verify(ascii("Password"), SHA512_C1)).isFalse();
        assertThat(hashes.verify(ascii("wrong"), PASSLIB_DOC_6400)).isFalse();
        assertThat(hashes.verify(ascii("wrong"), PASSLIB_SHA512)).isFalse();
    }

    @Test
    void shouldNotConfuseTheDigests() {
        String relabelled = SHA512_C1.replace("$pbkdf2-sha512$", "$pbkdf2-sha256$");

        assertThat(hashes.verify(ascii("password"), relabelled)).isFalse();
    }

    @Test
    void shouldNameTheScheme() {
        assertThat(hashes.scheme(RFC7914_1)).isEqualTo("pbkdf2-sha256");
        assertThat(hashes.scheme(PASSLIB_DOC_6400)).isEqualTo("pbkdf2-sha256");
        assertThat(hashes.scheme(SHA512_C1)).isEqualTo("pbkdf2-sha512");
    }

    @Test
    void shouldRefuseIterationCountsOutsideTheSafeBounds() {
        assertRefused(RFC7914_1.replace("i=1,", "i=10000001,"),
            "pbkdf2-sha256 hash: i=10000001 (expected: 1..10000000)");
        assertRefused(RFC7914_1.replace("i=1,", "i=9999999999,"),
            "pbkdf2-sha256 hash: i=9999999999 (expected: 1..10000000)");
        assertRefused(RFC7914_1.replace("i=1,", "i=0,"), "pbkdf2-sha256 hash: i=0 (expected: 1..10000000)");
        assertRefused(PASSLIB_DOC_6400.replace("$6400$", "$20000000$"),
            "pbkdf2-sha256 hash: i=20000000 (expected: 1..10000000)");
    }

    @Test
    void shouldRefuseInconsistentOrMalformedStrings() {
        assertRefused(RFC7914_1.replace("l=64", "l=32"), "pbkdf2-sha256 hash: l=32 (expected: the length of the hash, 64)");
        assertRefused(RFC7914_1.replace("$c2FsdA$", "$$"), "pbkdf2-sha256 hash: salt bytes=0 (expected: 1..64)");
        assertRefused(RFC7914_1.replace("i=1,", "rounds=1,"), "pbkdf2-sha256 hash: malformed");
        assertRefused(RFC7914_1.replace("$VawEb", "$Vaw.b"), "pbkdf2-sha256 hash: hash is not valid base64");
        assertRefused(RFC7914_1.substring(0, RFC7914_1.length() - 75), "pbkdf2-sha256 hash: hash bytes=8 (expected: 16..64)");
    }

    private void assertRefused(String encoded, String expectedMessageStart) {
        String hashPart = encoded.substring(encoded.lastIndexOf('$'));
        assertThatThrownBy(() -> hashes.requireSupported(encoded))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith(expectedMessageStart)
            .message().doesNotContain(hashPart);
        assertThatThrownBy(() -> hashes.verify(ascii("passwd"), encoded))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith(expectedMessageStart);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(US_ASCII);
    }
}
