package dev.postern.core.auth.hash;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Imported PBKDF2-HMAC hashes (RFC 8018), in PHC form {@code $pbkdf2-sha256$i=600000,l=32$salt$hash}
 * (standard unpadded base64, {@code l} optional) and in passlib's form
 * {@code $pbkdf2-sha256$29000$salt$hash} (ab64). The secret's bytes are used as they are.
 */
final class Pbkdf2Scheme implements HashScheme {

    static final int MAX_ITERATIONS = 10_000_000;
    static final int MIN_SALT_BYTES = 1;

    private static final Pattern PHC = Pattern.compile(
        "\\$(pbkdf2-sha256|pbkdf2-sha512)\\$i=(\\d{1,10})(?:,l=(\\d{1,10}))?\\$([^$]*)\\$([^$]*)");
    private static final Pattern PASSLIB = Pattern.compile(
        "\\$(pbkdf2-sha256|pbkdf2-sha512)\\$(\\d{1,10})\\$([^$]*)\\$([^$]*)");

    private final String name;
    private final String prefix;
    private final Supplier<Digest> digest;

    private Pbkdf2Scheme(String name, Supplier<Digest> digest) {
        this.name = name;
        this.prefix = "$" + name + "$";
        this.digest = digest;
    }

    static Pbkdf2Scheme sha256() {
        return new Pbkdf2Scheme("pbkdf2-sha256", SHA256Digest::new);
    }

    static Pbkdf2Scheme sha512() {
        return new Pbkdf2Scheme("pbkdf2-sha512", SHA512Digest::new);
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
        parse(encoded);
    }

    @Override
    public boolean verify(byte[] secret, String encoded) {
        Parsed p = parse(encoded);
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest.get());
        generator.init(secret, p.salt, (int) p.iterations); // bounded by parse()
        byte[] actual = ((KeyParameter) generator.generateDerivedParameters(p.hash.length * 8)).getKey();
        boolean equal = MessageDigest.isEqual(actual, p.hash);
        Arrays.fill(actual, (byte) 0);
        return equal;
    }

    private Parsed parse(String encoded) {
        Matcher phc = PHC.matcher(encoded);
        if (phc.matches() && phc.group(1).equals(name)) {
            Parsed parsed = new Parsed(Long.parseLong(phc.group(2)),
                PhcBase64.decode(phc.group(4), name, "salt"),
                PhcBase64.decode(phc.group(5), name, "hash"));
            requireBounds(parsed);
            if (phc.group(3) != null && Long.parseLong(phc.group(3)) != parsed.hash.length) {
                throw new UnsupportedHashException(name + " hash: l=" + phc.group(3)
                    + " (expected: the length of the hash, " + parsed.hash.length + ")");
            }
            return parsed;
        }
        Matcher passlib = PASSLIB.matcher(encoded);
        if (passlib.matches() && passlib.group(1).equals(name)) {
            Parsed parsed = new Parsed(Long.parseLong(passlib.group(2)),
                PhcBase64.decodeAdapted(passlib.group(3), name, "salt"),
                PhcBase64.decodeAdapted(passlib.group(4), name, "hash"));
            requireBounds(parsed);
            return parsed;
        }
        throw HashBounds.malformed(name, prefix + "i=<iterations>,l=<length>$<salt>$<hash>"
            + " or passlib's " + prefix + "<iterations>$<salt>$<hash>");
    }

    private void requireBounds(Parsed parsed) {
        HashBounds.requireWithin(name, "i", parsed.iterations, 1, MAX_ITERATIONS);
        // RFC 8018 only recommends 8 bytes of salt; its own and RFC 7914's vectors use 4.
        HashBounds.requireWithin(name, "salt bytes", parsed.salt.length, MIN_SALT_BYTES, HashBounds.MAX_SALT_BYTES);
        HashBounds.requireTagLength(name, parsed.hash);
    }

    private static final class Parsed {
        final long iterations;
        final byte[] salt;
        final byte[] hash;

        Parsed(long iterations, byte[] salt, byte[] hash) {
            this.iterations = iterations;
            this.salt = salt;
            this.hash = hash;
        }
    }
}
