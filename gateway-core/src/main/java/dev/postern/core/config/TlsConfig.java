package dev.postern.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The certificate chain and private key (PEM files) that listeners present to clients, shared by
 * every listener with {@code tls: implicit} or {@code tls: starttls}.
 */
public record TlsConfig(Path certificate, Path privateKey, Duration handshakeTimeout) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    static final String SECTION = "tls";
    static final String[] KEYS = {"certificate", "private-key", "handshake-timeout"};

    private static final Duration MIN_HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofMinutes(5);

    public TlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    }

    /** Binds a present {@code tls} section; null when something in it is wrong (reported). */
    static TlsConfig bind(ConfigReader tls) {
        int mark = tls.problems().count();
        Path certificate = tls.readableFile("certificate", true);
        Path privateKey = tls.readableFile("private-key", true);
        Duration handshakeTimeout = tls.duration("handshake-timeout",
                DEFAULT_HANDSHAKE_TIMEOUT, MIN_HANDSHAKE_TIMEOUT, MAX_HANDSHAKE_TIMEOUT);
        if (tls.problems().count() > mark) {
            return null;
        }
        return new TlsConfig(certificate, privateKey, handshakeTimeout);
    }
}
