package dev.postern.core.auth.hash;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Imported bcrypt hashes, {@code $2a$}, {@code $2b$} and {@code $2y$} (the last two are the same
 * algorithm; BouncyCastle recomputes with the stored version and compares the whole string in
 * constant time). Only the first 72 bytes of a secret count, as in every bcrypt.
 */
final class BcryptScheme implements HashScheme {

    static final int MIN_COST = 4;
    static final int MAX_COST = 16;

    private static final String NAME = "bcrypt";
    private static final Pattern SHAPE = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final String EXPECTED_SHAPE = "$2b$<cost>$<22 salt chars><31 hash chars>";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(String encoded) {
        return encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$");
    }

    @Override
    public void requireSupported(String encoded) {
        Matcher m = SHAPE.matcher(encoded);
        if (!m.matches()) {
            throw HashBounds.malformed(NAME, EXPECTED_SHAPE);
        }
        HashBounds.requireWithin(NAME, "cost", Integer.parseInt(m.group(1)), MIN_COST, MAX_COST);
    }

    @Override
    public boolean verify(byte[] secret, String encoded) {
        requireSupported(encoded);
        try {
            return OpenBSDBCrypt.checkPassword(encoded, secret);
        } catch (IllegalArgumentException e) {
            // BouncyCastle's DataLengthException is an IllegalArgumentException too; its message may
            // quote parts of the string, so it is not passed on.
            throw HashBounds.malformed(NAME, EXPECTED_SHAPE);
        }
    }
}
