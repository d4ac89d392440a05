package dev.postern.core.config;

import java.util.Locale;

/** How a listener offers TLS to clients: from the first byte, after STARTTLS, or not at all (loopback only). */
public enum ListenerTls {
    IMPLICIT, STARTTLS, NONE;

    /** The name used in the configuration: {@code implicit}, {@code starttls}, {@code none}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the listener needs a certificate ({@code implicit} or {@code starttls}). */
    public boolean needsCertificate() {
        return this != NONE;
    }
}
