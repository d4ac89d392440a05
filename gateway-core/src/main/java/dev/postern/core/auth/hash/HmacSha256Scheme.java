package dev.postern.core.auth.hash;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A fast peppered hash for high-entropy secrets (generated app passwords of 128 bits or more):
 * {@code $hmac-sha256$<salt>$<mac>} with {@code mac = HMAC-SHA-256(pepper, salt || secret)},
 * standard unpadded base64. Without a pepper such hashes cannot be checked at all.
 */
final class HmacSha256Scheme implements HashScheme {

    static final String NO_PEPPER = "hmac-sha256 hashes need a pepper: set auth.pepper-file";
    static final int MAC_BYTES = 32;

    private static final String NAME = "hmac-sha256";
    private static final String PREFIX = "$" + NAME + "$";
    private static final Pattern SHAPE = Pattern.compile("\\$hmac-sha256\\$([^$]*)\\$([^$]*)");

    private final byte[] pepper;

    /** {@code pepper} may be null: then every use throws {@link UnsupportedHashException}. */
    HmacSha256Scheme(byte[] pepper) {
        this.pepper = pepper == null ? null : pepper.clone();
    }

    boolean hasPepper() {
        return pepper != null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(String encoded) {
        return encoded.startsWith(PREFIX);
    }

    @Override
    public void requireSupported(String encoded) {
        parse(encoded);
    }

    @Override
    public boolean verify(byte[] secret, String encoded) {
        byte[][] saltAndMac = parse(encoded);
        byte[] actual = mac(saltAndMac[0], secret);
        boolean equal = MessageDigest.isEqual(actual, saltAndMac[1]);
        Arrays.fill(actual, (byte) 0);
        return equal;
    }

    String hash(byte[] secret, byte[] salt) {
        return PREFIX + PhcBase64.encode(salt) + "$" + PhcBase64.encode(mac(salt, secret));
    }

    private byte[] mac(byte[] salt, byte[] secret) {
        requirePepper();
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(pepper));
        hmac.update(salt, 0, salt.length);
        hmac.update(secret, 0, secret.length);
        byte[] out = new byte[MAC_BYTES];
        hmac.doFinal(out, 0);
        return out;
    }

    /** Checks the pepper and the whole string; returns the decoded salt and mac. */
    private byte[][] parse(String encoded) {
        requirePepper();
        Matcher m = SHAPE.matcher(encoded);
        if (!m.matches()) {
            throw HashBounds.malformed(NAME, PREFIX + "<salt>$<mac>");
        }
        byte[] salt = PhcBase64.decode(m.group(1), NAME, "salt");
        HashBounds.requireSaltLength(NAME, salt);
        byte[] mac = PhcBase64.decode(m.group(2), NAME, "mac");
        HashBounds.requireWithin(NAME, "mac bytes", mac.length, MAC_BYTES, MAC_BYTES);
        return new byte[][] {salt, mac};
    }

    private void requirePepper() {
        if (pepper == null) {
            throw new UnsupportedHashException(NO_PEPPER);
        }
    }
}
