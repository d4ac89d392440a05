package dev.postern.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The whole configuration, read from one YAML file by {@link ConfigLoader} and validated before
 * anything starts.
 *
 * @param source       the file read (or, for {@link ConfigLoader#parse}, the folder paths were resolved against)
 * @param tls          the listener certificate; null when the file has no {@code tls} section (allowed
 *                     only when no listener needs it)
 * @param imap         the IMAP front, or null when the file has no {@code imap} section
 * @param smtp         the SMTP front, or null when the file has no {@code smtp} section
 * @param upstreamAuth how to log in upstream; null when the file has no {@code upstream-auth} section
 *                     (allowed only when there is neither {@code imap} nor {@code smtp})
 * @param limits        connection limits and brute-force throttling (defaults when the section is absent)
 * @param proxyProtocol where PROXY protocol headers are accepted from (defaults when the section is absent)
 * @param shutdownGracePeriod how long relayed sessions may go on after a stop was asked for
 *                     ({@code shutdown-grace-period})
 */
public record GatewayConfig(Path source, TlsConfig tls, StoreConfig store, AuthConfig auth,
                            ProtocolConfig imap, ProtocolConfig smtp, UpstreamAuthConfig upstreamAuth,
                            AdminConfig admin, LimitsConfig limits, ProxyProtocolConfig proxyProtocol,
                            Duration shutdownGracePeriod) {

    /** Default of {@code shutdown-grace-period}. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(30);
    static final String SHUTDOWN_GRACE_PERIOD = "shutdown-grace-period";
    static final Duration MAX_SHUTDOWN_GRACE_PERIOD = Duration.ofHours(1);

    static final String[] KEYS = {TlsConfig.SECTION, StoreConfig.SECTION, AuthConfig.SECTION,
            ProtocolDefaults.IMAP.section(), ProtocolDefaults.SMTP.section(), UpstreamAuthConfig.SECTION,
            AdminConfig.SECTION, LimitsConfig.SECTION, ProxyProtocolConfig.SECTION, SHUTDOWN_GRACE_PERIOD};

    public GatewayConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (upstreamAuth == null && (imap != null || smtp != null)) {
            throw new IllegalArgumentException("upstreamAuth: null (expected a login mode when imap or smtp is set)");
        }
    }

    /** As the canonical constructor, with default limits, no PROXY protocol and the default shutdown grace period. */
    public GatewayConfig(Path source, TlsConfig tls, StoreConfig store, AuthConfig auth, ProtocolConfig imap,
                         ProtocolConfig smtp, UpstreamAuthConfig upstreamAuth, AdminConfig admin) {
        this(source, tls, store, auth, imap, smtp, upstreamAuth, admin, LimitsConfig.defaults(),
                ProxyProtocolConfig.defaults(), DEFAULT_SHUTDOWN_GRACE_PERIOD);
    }

    /** True when at least one protocol front is configured; {@code serve} needs this, the CLI verbs do not. */
    public boolean hasFronts() {
        return imap != null || smtp != null;
    }
}
