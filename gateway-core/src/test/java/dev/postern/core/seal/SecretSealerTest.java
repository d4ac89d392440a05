package dev.postern.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
    private static final String ALICE = "alice@example.com";
    private static final byte[] PASSWORD = "upstream-Secret-42".getBytes(StandardCharsets.UTF_8);

    static {
        dev.postern.core.testing.TestSecrets.register("upstream-Secret-42");
    }
    private static final String UNOPENABLE = "sealed secret of alice@example.com: cannot be opened (wrong key,"
            + " altered bytes, or sealed for another user)";

    private final SecretSealer sealer = SecretSealer.ofKey(key(1), new SecureRandom());

    @Test
    void shouldOpenWhatItSealed() {
        byte[] sealed = sealer.seal(PASSWORD, ALICE);

        assertThat(sealer.open(sealed, ALICE)).isEqualTo(PASSWORD);
    }

    @Test
    void shouldWriteVersionNonceCiphertextAndTag() {
        byte[] sealed = sealer.seal(PASSWORD, ALICE);

        assertThat(sealed).hasSize(1 + 12 + PASSWORD.length + 16);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("upstream-Secret-42");
    }

    @Test
    void shouldUseAFreshNonceEachTime() {
        byte[] first = sealer.seal(PASSWORD, ALICE);
        byte[] second = sealer.seal(PASSWORD, ALICE);

        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void shouldSealAnEmptyPassword() {
        byte[] sealed = sealer.seal(new byte[0], ALICE);

        assertThat(sealer.open(sealed, ALICE)).isEmpty();
    }

    @Test
    void shouldDetectEveryAlteredByte() {
        byte[] sealed = sealer.seal(PASSWORD, ALICE);

        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> sealer.open(tampered, ALICE))
                    .as("flipped bit in byte %d", i)
                    .isInstanceOf(SealedSecretException.class)
                    .hasMessage(UNOPENABLE);
        }
    }

    @Test
    void shouldRefuseAValueSealedForAnotherUser() {
        byte[] sealed = sealer.seal(PASSWORD, "bob@example.com");

        assertThatThrownBy(() -> sealer.open(sealed, ALICE))
                .isInstanceOf(SealedSecretException.class)
                .hasMessage(UNOPENABLE);
    }

    @Test
    void shouldRefuseAValueSealedUnderAnotherKey() {
        byte[] sealed = SecretSealer.ofKey(key(2), new SecureRandom()).seal(PASSWORD, ALICE);

        assertThatThrownBy(() -> sealer.open(sealed, ALICE))
                .isInstanceOf(SealedSecretException.class)
                .hasMessage(UNOPENABLE);
    }

    @Test
    void shouldRefuseAnUnknownVersion() {
        byte[] sealed = sealer.seal(PASSWORD, ALICE);
        sealed[0] = 2;

        assertThatThrownBy(() -> sealer.open(sealed, ALICE))
                .isInstanceOf(SealedSecretException.class)
                .hasMessage("sealed secret of alice@example.com: unknown format version 2 (expected: 1);"
                        + " was it sealed by a newer Postern?");
    }

    @Test
    void shouldRefuseATruncatedValue() {
        byte[] sealed = Arrays.copyOf(sealer.seal(PASSWORD, ALICE), 20);

        assertThatThrownBy(() -> sealer.open(sealed, ALICE))
                .isInstanceOf(SealedSecretException.class)
                .hasMessage("sealed secret of alice@example.com: 20 bytes (expected: at least 29)");
    }

    @Test
    void shouldRefuseAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> SecretSealer.ofKey(new byte[16], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key: 16 bytes (expected: 32)");
    }

    @Test
    void shouldKeepTheKeyOutOfToString() {
        assertThat(sealer).hasToString("SecretSealer[AES-256-GCM]");
    }

    static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        key[31] = (byte) (seed * 7);
        return key;
    }
}
