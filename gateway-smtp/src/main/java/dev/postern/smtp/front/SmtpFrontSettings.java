package dev.postern.smtp.front;

import dev.postern.smtp.codec.SmtpLineDecoder;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the SMTP front, from the {@code smtp} configuration section.
 *
 * @param hostName            the name in the greeting, the EHLO reply, and Postern's own EHLO upstream
 * @param failureDelay        how long a refused login waits before its 535 (scheduled, no thread sleeps)
 * @param maxBadCommands      refused commands before {@code 421} and close
 * @param maxAuthFailures     refused logins on one connection before {@code 421} and close
 * @param preAuthTimeout      how long a connection may stay unauthenticated
 * @param idleTimeout         post-login idle limit of a relayed session
 * @param maxLine             longest command line in octets, line ending included
 * @param tlsHandshakeTimeout how long a TLS handshake (implicit or after STARTTLS) may take
 */
public record SmtpFrontSettings(String hostName, Duration failureDelay, int maxBadCommands, int maxAuthFailures,
                                Duration preAuthTimeout, Duration idleTimeout, int maxLine,
                                Duration tlsHandshakeTimeout) {

    public static final int DEFAULT_MAX_LINE = SmtpLineDecoder.DEFAULT_MAX_LINE_LENGTH;

    public SmtpFrontSettings {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(failureDelay, "failureDelay");
        Objects.requireNonNull(preAuthTimeout, "preAuthTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        if (maxBadCommands < 1 || maxAuthFailures < 1) {
            throw new IllegalArgumentException("maxBadCommands: " + maxBadCommands + ", maxAuthFailures: "
                    + maxAuthFailures + " (expected: at least 1 each)");
        }
    }

    public static SmtpFrontSettings defaults(String hostName) {
        return new SmtpFrontSettings(hostName, Duration.ofSeconds(2), 3, 3, Duration.ofSeconds(60),
                Duration.ofMinutes(10), DEFAULT_MAX_LINE, Duration.ofSeconds(10));
    }
}
