package dev.postern.imap.front;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the IMAP front, from the {@code imap} configuration section.
 *
 * @param failureDelay    how long a refused login waits before its NO (scheduled, no thread sleeps)
 * @param maxBadCommands  BAD replies before {@code * BYE} and close
 * @param maxAuthFailures refused logins on one connection before {@code * BYE} and close
 * @param preAuthTimeout  how long a connection may stay unauthenticated
 * @param idleTimeout     post-login idle limit of a relayed session
 * @param maxLine         longest command line in octets, literals included
 * @param tlsHandshakeTimeout how long a TLS handshake (implicit or after STARTTLS) may take
 */
public record ImapFrontSettings(Duration failureDelay, int maxBadCommands, int maxAuthFailures,
                                Duration preAuthTimeout, Duration idleTimeout, int maxLine,
                                Duration tlsHandshakeTimeout) {

    public static final int DEFAULT_MAX_LINE = 8192;

    public ImapFrontSettings {
        Objects.requireNonNull(failureDelay, "failureDelay");
        Objects.requireNonNull(preAuthTimeout, "preAuthTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        if (maxBadCommands < 1 || maxAuthFailures < 1) {
            throw new IllegalArgumentException("maxBadCommands and maxAuthFailures: expected at least 1");
        }
    }

    public static ImapFrontSettings defaults() {
        return new ImapFrontSettings(Duration.ofSeconds(2), 3, 3, Duration.ofSeconds(60), Duration.ofMinutes(30),
                DEFAULT_MAX_LINE, Duration.ofSeconds(10));
    }
}
