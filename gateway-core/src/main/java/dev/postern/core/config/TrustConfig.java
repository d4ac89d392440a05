package dev.postern.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the upstream server's certificate is checked: against the system trust store, against the
 * certificates in one PEM file, or not at all ({@code insecure}, loopback upstreams only).
 *
 * @param pemFile the PEM file for {@link Kind#PEM_FILE}, otherwise null
 */
public record TrustConfig(Kind kind, Path pemFile) {

    /** The three ways of trusting an upstream certificate. */
    public enum Kind { SYSTEM, PEM_FILE, INSECURE }

    static final String SYSTEM_NAME = "system";
    static final String INSECURE_NAME = "insecure";

    private static final TrustConfig SYSTEM = new TrustConfig(Kind.SYSTEM, null);
    private static final TrustConfig INSECURE = new TrustConfig(Kind.INSECURE, null);

    public TrustConfig {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.PEM_FILE) != (pemFile != null)) {
            throw new IllegalArgumentException(
                    "pemFile: " + pemFile + " (expected a file exactly when kind is PEM_FILE)");
        }
    }

    public static TrustConfig system() {
        return SYSTEM;
    }

    public static TrustConfig insecure() {
        return INSECURE;
    }

    public static TrustConfig pemFile(Path file) {
        return new TrustConfig(Kind.PEM_FILE, Objects.requireNonNull(file, "file"));
    }

    /** True when certificates are not checked at all; callers log a warning at start-up. */
    public boolean isInsecure() {
        return kind == Kind.INSECURE;
    }

    /** {@code system}, {@code insecure} or the PEM file's path, as in the configuration. */
    @Override
    public String toString() {
        switch (kind) {
            case SYSTEM:
                return SYSTEM_NAME;
            case INSECURE:
                return INSECURE_NAME;
            default:
                return pemFile.toString();
        }
    }

    /** Reads {@code trust}: {@code system} (default), {@code insecure}, or a readable PEM file; null on a problem. */
    static TrustConfig bind(ConfigReader upstream, String key) {
        String text = upstream.text(key);
        if (text == null) {
            return upstream.has(key) ? null : SYSTEM;
        }
        if (text.equals(SYSTEM_NAME)) {
            return SYSTEM;
        }
        if (text.equals(INSECURE_NAME)) {
            return INSECURE;
        }
        Path file = upstream.readableFile(key, true);
        return file == null ? null : pemFile(file);
    }
}
