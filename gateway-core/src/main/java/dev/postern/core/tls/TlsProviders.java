package dev.postern.core.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * Which TLS implementation builds the gateway's contexts: OpenSSL (BoringSSL from
 * {@code netty-tcnative-boringssl-static}) when its native library loads, else the JDK's.
 * {@code -Dpostern.tls.provider=jdk} forces the JDK (for comparison), {@code =openssl} insists on
 * OpenSSL. Both providers get the same protocol versions and cipher suites ({@link TlsPolicy});
 * Netty maps the IANA names to OpenSSL's.
 */
public final class TlsProviders {

    /** System property that chooses the provider: {@code auto} (default), {@code openssl} or {@code jdk}. */
    public static final String PROPERTY = "postern.tls.provider";

    private TlsProviders() {
    }

    /** The provider named by {@value #PROPERTY}; by default OpenSSL when available, else the JDK. */
    public static SslProvider current() {
        return select(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * The provider for a preference: {@code auto}, {@code openssl} or {@code jdk}.
     *
     * @throws IllegalArgumentException for another value, or {@code openssl} where it cannot load
     */
    public static SslProvider select(String preference) {
        String wanted = preference.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "jdk":
                return SslProvider.JDK;
            case "auto":
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException(PROPERTY + ": openssl is not available here ("
                            + OpenSsl.unavailabilityCause() + ")");
                }
                return SslProvider.OPENSSL;
            default:
                throw new IllegalArgumentException(PROPERTY + ": " + preference + " (expected one of: auto, openssl, jdk)");
        }
    }

    /** For the start-up log: {@code openssl (BoringSSL)}, or {@code jdk} with the reason OpenSSL is not used. */
    public static String describe(SslProvider provider) {
        if (provider != SslProvider.JDK) {
            return "openssl (" + OpenSsl.versionString() + ")";
        }
        if (!"auto".equalsIgnoreCase(System.getProperty(PROPERTY, "auto").trim())) {
            return "jdk (forced by -D" + PROPERTY + "=jdk)";
        }
        return "jdk (openssl unavailable: " + OpenSsl.unavailabilityCause() + ")";
    }
}
