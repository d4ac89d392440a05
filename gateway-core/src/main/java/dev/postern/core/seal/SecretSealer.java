package dev.postern.core.seal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals per-user upstream passwords for storage with AES-256-GCM under a key read from a file
 * ({@link SealingKeyFile}). A sealed value is {@code 0x01 || 12-byte random nonce || ciphertext || 16-byte tag};
 * the user name (UTF-8) is the associated data, so a value copied onto another user's row does not open.
 * Thread-safe: a fresh {@link Cipher} per call.
 */
public final class SecretSealer {
    /** The format version written as the first byte of every sealed value. */
    public static final byte VERSION = 1;
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final SecureRandom random;

    private SecretSealer(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key: " + key.length + " bytes (expected: " + KEY_BYTES + ")");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Reads the key from {@code file}: 32 raw bytes, or their base64 (44 characters, surrounding
     * whitespace ignored).
     *
     * @throws IllegalArgumentException naming the file and the expected format (never its content)
     */
    public static SecretSealer fromKeyFile(Path file) {
        byte[] key = SealingKeyFile.read(file);
        try {
            return new SecretSealer(key, new SecureRandom());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Writes a new random key to {@code file} as base64, readable by its owner only (0600 where the
     * file system has POSIX permissions). Refuses to overwrite an existing file.
     */
    public static void createKeyFile(Path file, SecureRandom random) {
        SealingKeyFile.create(file, random);
    }

    /** A sealer over a raw 32-byte key (copied); for tests and tools that hold the key already. */
    public static SecretSealer ofKey(byte[] key, SecureRandom random) {
        return new SecretSealer(key.clone(), random);
    }

    /** Encrypts {@code plaintext} for {@code user}; every call uses a fresh random nonce. */
    public byte[] seal(byte[] plaintext, String user) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(user, "user");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(user.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            out.put(VERSION).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        }
    }

    /**
     * Decrypts a value sealed for {@code user}.
     *
     * @throws SealedSecretException for a wrong key, altered bytes, another user, or an unknown version
     */
    public byte[] open(byte[] sealed, String user) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(user, "user");
        if (sealed.length < OVERHEAD) {
            throw new SealedSecretException("sealed secret of " + user + ": " + sealed.length
                    + " bytes (expected: at least " + OVERHEAD + ")");
        }
        if (sealed[0] != VERSION) {
            throw new SealedSecretException("sealed secret of " + user + ": unknown format version " + (sealed[0] & 0xFF)
                    + " (expected: " + VERSION + "); was it sealed by a newer Postern?");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(user.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealedSecretException("sealed secret of " + user + ": cannot be opened (wrong key, altered bytes,"
                    + " or sealed for another user)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "SecretSealer[AES-256-GCM]";
    }
}
