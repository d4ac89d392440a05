package dev.postern.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret read from a file or an environment variable. It never shows itself: {@link #toString()}
 * is {@code ****}, so a record that holds one can be logged. The value comes out only through
 * {@link #reveal()}, which makes every use easy to find.
 */
public final class Secret {

    private static final String MASK = "****";

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself. Never log it, never put it in a message. */
    public String reveal() {
        return value;
    }

    /** Compares in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8),
                        ((Secret) other).value.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant, so that not even a hash of the value escapes. */
    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
