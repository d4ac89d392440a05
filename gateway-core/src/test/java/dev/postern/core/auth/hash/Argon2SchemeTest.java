package dev.postern.core.auth.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * Argon2 against published vectors: RFC 9106 §5 and strings printed by the reference
 * {@code argon2} command-line tool (phc-winner-argon2).
 */
class Argon2SchemeTest {

    /** {@code echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1} (reference CLI, also in its test.c). */
    private static final String CLI_ARGON2ID_64MIB =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    private static final String CLI_ARGON2ID_64MIB_HEX =
        "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7";
    /** {@code echo -n password | argon2 somesalt -id -t 2 -k 19456 -p 1 -e}. */
    private static final String CLI_ARGON2ID_DEFAULT =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E";
    /** {@code echo -n password | argon2 somesalt -id -t 3 -m 6 -p 2 -l 64 -e}: two lanes, 64-byte tag. */
    private static final String CLI_ARGON2ID_64_BYTE_TAG = "$argon2id$v=19$m=64,t=3,p=2$c29tZXNhbHQ"
        + "$XXDq0PAmFNaVCnGfZWi3f6UolNfhH2hJbnL04/T6AkPlfxTLmCYFyCEa255LyoxxhOu0NxCKoRkJgUw7aX0G3g";
    /** phc-winner-argon2 src/test.c, version 0x13 and (without v=) 0x10, m=2^8. */
    private static final String TEST_C_ARGON2I_V19 =
        "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8";
    private static final String TEST_C_ARGON2I_V16 =
        "$argon2i$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY";
    /** {@code echo -n password | argon2 somesalt -d -t 2 -m 8 -p 1 -e}. */
    private static final String CLI_ARGON2D =
        "$argon2d$v=19$m=256,t=2,p=1$c29tZXNhbHQ$JcTui6RIBUtJ78gE5Hi52CO+H5vS6Z9R1uxAB6OhUB8";

    private static final byte[] PASSWORD = "password".getBytes(US_ASCII);
    private static final byte[] WRONG = "passwore".getBytes(US_ASCII);

    private final PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());

    @Test
    void shouldMatchRfc9106Argon2idTestVector() {
        // given RFC 9106 §5.3
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associatedData = filled(12, 0x04);

        // when
        byte[] tag = Argon2Scheme.raw(Argon2Parameters.ARGON2_id, 0x13, 32, 3, 4,
            password, salt, secret, associatedData, 32);

        // then
        assertThat(HexFormat.of().formatHex(tag))
            .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void shouldComputeTheSameRawTagAsTheReferenceCli() {
        byte[] tag = Argon2Scheme.raw(Argon2Parameters.ARGON2_id, 0x13, 65536, 2, 1,
            PASSWORD, "somesalt".getBytes(US_ASCII), null, null, 32);

        assertThat(HexFormat.of().formatHex(tag)).isEqualTo(CLI_ARGON2ID_64MIB_HEX);
    }

    @Test
    void shouldVerifyArgon2idStringsFromTheReferenceCli() {
        assertThat(hashes.verify(PASSWORD, CLI_ARGON2ID_64MIB)).isTrue();
        assertThat(hashes.verify(PASSWORD, CLI_ARGON2ID_DEFAULT)).isTrue();
        assertThat(hashes.verify(PASSWORD, CLI_ARGON2ID_64_BYTE_TAG)).isTrue();
    }

    @Test
    void shouldRefuseAWrongPasswordForReferenceCliStrings() {
        assertThat(hashes.verify(WRONG, CLI_ARGON2ID_DEFAULT)).isFalse();
        assertThat(hashes.verify(WRONG, CLI_ARGON2ID_64_BYTE_TAG)).isFalse();
        assertThat(hashes.verify(new byte[0], CLI_ARGON2ID_DEFAULT)).isFalse();
    }

    @Test
    void shouldVerifyArgon2iAndArgon2dStringsIncludingVersion16() {
        assertThat(hashes.verify(PASSWORD, TEST_C_ARGON2I_V19)).isTrue();
        assertThat(hashes.verify(PASSWORD, TEST_C_ARGON2I_V16)).isTrue();
        assertThat(hashes.verify(PASSWORD, CLI_ARGON2D)).isTrue();
        assertThat(hashes.verify(WRONG, TEST_C_ARGON2I_V19)).isFalse();
        assertThat(hashes.verify(WRONG, CLI_ARGON2D)).isFalse();
    }

    @Test
    void shouldNotConfuseVariantsWithTheSameParameters() {
        // given the argon2i tag under an argon2d prefix
        String relabelled = TEST_C_ARGON2I_V19.replace("$argon2i$", "$argon2d$");

        assertThat(hashes.verify(PASSWORD, relabelled)).isFalse();
    }

    @Test
    void shouldNameTheVariant() {
        assertThat(hashes.scheme(CLI_ARGON2ID_DEFAULT)).isEqualTo("argon2id");
        assertThat(hashes.scheme(TEST_C_ARGON2I_V19)).isEqualTo("argon2i");
        assertThat(hashes.scheme(CLI_ARGON2D)).isEqualTo("argon2d");
    }

    @Test
    void shouldRefuseParametersOutsideTheSafeBounds() {
        assertRefused("$argon2id$v=19$m=1048577,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: m=1048577 (expected: 8..1048576)");
        assertRefused("$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: malformed");
        assertRefused("$argon2id$v=19$m=65536,t=101,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: t=101 (expected: 1..100)");
        assertRefused("$argon2id$v=19$m=65536,t=2,p=65$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: p=65 (expected: 1..64)");
        assertRefused("$argon2id$v=19$m=15,t=2,p=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: m=15 (expected: 16..1048576)");
        assertRefused("$argon2id$v=20$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: v=20 (expected: 16 or 19)");
    }

    @Test
    void shouldRefuseSaltsAndTagsOfTheWrongLength() {
        assertRefused("$argon2id$v=19$m=65536,t=2,p=1$c29tZQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: salt bytes=4 (expected: 8..64)");
        assertRefused("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO0",
            "argon2id hash: hash bytes=8 (expected: 16..64)");
    }

    @Test
    void shouldRefuseMalformedStrings() {
        assertRefused("$argon2id$v=19$t=2,m=65536,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: malformed");
        assertRefused("$argon2id$v=19$m=65536,t=2,p=1c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "argon2id hash: malformed");
        assertRefused("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc=",
            "argon2id hash: hash is not valid base64");
        assertRefused("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$",
            "argon2id hash: malformed");
    }

    private void assertRefused(String encoded, String expectedMessageStart) {
        String hashPart = encoded.substring(encoded.lastIndexOf('$', encoded.length() - 2));
        assertThatThrownBy(() -> hashes.requireSupported(encoded))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith(expectedMessageStart)
            .message().doesNotContain(hashPart);
        assertThatThrownBy(() -> hashes.verify(PASSWORD, encoded))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith(expectedMessageStart);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
