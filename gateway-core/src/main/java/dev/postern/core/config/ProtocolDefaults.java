package dev.postern.core.config;

import java.time.Duration;
import java.util.List;

/**
 * What differs between the protocol sections ({@code imap}, {@code smtp}, {@code pop3}): the forwarding key, the
 * idle limits, and whether the upstream section holds the SMTP extension probe keys. A new protocol
 * adds its section here, in {@link #ALL}.
 */
record ProtocolDefaults(String section, String forwardClientIpKey, Duration idleTimeout, Duration minIdleTimeout,
                        boolean extensionProbe) {

    /** IMAP clients re-issue IDLE every 29 minutes (RFC 2177), so the idle limit is at least 30 minutes. */
    static final ProtocolDefaults IMAP =
            new ProtocolDefaults("imap", "forward-client-ip", Duration.ofMinutes(30), Duration.ofMinutes(30), false);

    static final ProtocolDefaults SMTP =
            new ProtocolDefaults("smtp", "xclient", Duration.ofMinutes(10), Duration.ofMinutes(1), true);

    /** RFC 1939 asks for an inactivity autologout timer of at least 10 minutes. */
    static final ProtocolDefaults POP3 =
            new ProtocolDefaults("pop3", "forward-client-ip", Duration.ofMinutes(10), Duration.ofMinutes(10), false);

    /** Every protocol section, in the order the file's sections are bound and the fronts start. */
    static final List<ProtocolDefaults> ALL = List.of(IMAP, SMTP, POP3);
}
