package dev.postern.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name, the default {@code host-name} in greetings; looked up once, when first needed. */
final class LocalHostName {

    private static final String FALLBACK = "localhost";

    private static volatile String cached;

    private LocalHostName() {
    }

    static String get() {
        String name = cached;
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException unresolvable) {
                name = FALLBACK;
            }
            cached = name;
        }
        return name;
    }
}
