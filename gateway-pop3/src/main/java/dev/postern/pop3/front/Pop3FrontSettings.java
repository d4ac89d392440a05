package dev.postern.pop3.front;

import dev.postern.pop3.codec.Pop3LineDecoder;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the POP3 front, from the {@code pop3} configuration section.
 *
 * @param failureDelay        how long a refused login waits before its {@code -ERR} (scheduled, no thread sleeps)
 * @param maxBadCommands      refused commands before the connection is closed
 * @param maxAuthFailures     refused logins on one connection before it is closed
 * @param preAuthTimeout      how long a connection may stay unauthenticated
 * @param idleTimeout         post-login idle limit of a relayed session
 * @param maxLine             longest command line in octets, line ending included (SASL responses get more)
 * @param tlsHandshakeTimeout how long a TLS handshake (implicit or after STLS) may take
 */
public record Pop3FrontSettings(Duration failureDelay, int maxBadCommands, int maxAuthFailures,
                                Duration preAuthTimeout, Duration idleTimeout, int maxLine,
                                Duration tlsHandshakeTimeout) {

    /** RFC 2449 §4: 255 octets, CRLF included. */
    public static final int DEFAULT_MAX_LINE = Pop3LineDecoder.DEFAULT_MAX_LINE_LENGTH;

    public Pop3FrontSettings {
        Objects.requireNonNull(failureDelay, "failureDelay");
        Objects.requireNonNull(preAuthTimeout, "preAuthTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        if (maxBadCommands < 1 || maxAuthFailures < 1) {
            throw new IllegalArgumentException("maxBadCommands: " + maxBadCommands + ", maxAuthFailures: "
                    + maxAuthFailures + " (expected: at least 1 each)");
        }
        if (maxLine < DEFAULT_MAX_LINE) {
            throw new IllegalArgumentException("maxLine: " + maxLine + " (expected: at least " + DEFAULT_MAX_LINE
                    + ", RFC 2449)");
        }
    }

    public static Pop3FrontSettings defaults() {
        return new Pop3FrontSettings(Duration.ofSeconds(2), 3, 3, Duration.ofSeconds(60), Duration.ofMinutes(10),
                DEFAULT_MAX_LINE, Duration.ofSeconds(10));
    }
}
