package dev.postern.core.auth.hash;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 (RFC 9106) in PHC string form, computed with BouncyCastle. One instance per variant;
 * Postern creates {@code argon2id} hashes and verifies all three variants.
 */
final class Argon2Scheme implements HashScheme {

    static final int TAG_BYTES = 32;

    private final String name;
    private final String prefix;
    private final int type;

    private Argon2Scheme(String name, int type) {
        this.name = name;
        this.prefix = "$" + name + "$";
        this.type = type;
    }

    static Argon2Scheme argon2id() {
        return new Argon2Scheme("argon2id", Argon2Parameters.ARGON2_id);
    }

    static Argon2Scheme argon2i() {
        return new Argon2Scheme("argon2i", Argon2Parameters.ARGON2_i);
    }

    static Argon2Scheme argon2d() {
        return new Argon2Scheme("argon2d", Argon2Parameters.ARGON2_d);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean recognises(String encoded) {
        return encoded.startsWith(prefix);
    }

    @Override
    public void requireSupported(String encoded) {
        Argon2Phc.parse(name, encoded);
    }

    @Override
    public boolean verify(byte[] secret, String encoded) {
        Argon2Phc phc = Argon2Phc.parse(name, encoded);
        byte[] actual = raw(type, phc.version(), phc.memoryKib(), phc.iterations(), phc.parallelism(),
            secret, phc.salt(), null, null, phc.tag().length);
        boolean equal = MessageDigest.isEqual(actual, phc.tag());
        Arrays.fill(actual, (byte) 0);
        return equal;
    }

    /** Hashes {@code secret} with version 19 and {@code params} into a PHC string. */
    String hash(byte[] secret, byte[] salt, Argon2Params params) {
        byte[] tag = raw(type, Argon2Phc.VERSION_13, params.memoryKib(), params.iterations(),
            params.parallelism(), secret, salt, null, null, TAG_BYTES);
        return Argon2Phc.format(name, params, salt, tag);
    }

    /**
     * The bare Argon2 function of RFC 9106 §3.2: {@code secret} (the key K) and
     * {@code associatedData} (X) may be null. Package-private for the RFC test vectors.
     */
    static byte[] raw(int type, int version, int memoryKib, int iterations, int parallelism,
                      byte[] password, byte[] salt, byte[] secret, byte[] associatedData, int tagLength) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(type)
            .withVersion(version)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt);
        if (secret != null) {
            builder.withSecret(secret);
        }
        if (associatedData != null) {
            builder.withAdditional(associatedData);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.build());
        byte[] tag = new byte[tagLength];
        generator.generateBytes(password, tag);
        return tag;
    }
}
