package dev.postern.core.config;

import java.util.Locale;

/** How Postern speaks TLS to the mailbox server: from the first byte, after STARTTLS, or not at all. */
public enum UpstreamTls {
    IMPLICIT, STARTTLS, NONE;

    /** The name used in the configuration: {@code implicit}, {@code starttls}, {@code none}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
