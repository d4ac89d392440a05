package dev.postern.core.config;

import java.nio.file.Path;
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
 */
public record GatewayConfig(Path source, TlsConfig tls, StoreConfig store, AuthConfig auth,
                            ProtocolConfig imap, ProtocolConfig smtp, UpstreamAuthConfig upstreamAuth,
                            AdminConfig admin, LimitsConfig limits, ProxyProtocolConfig proxyProtocol) {

    static final String[] KEYS = {TlsConfig.SECTION, StoreConfig.SECTION, AuthConfig.SECTION,
            ProtocolDefaults.IMAP.section(), ProtocolDefaults.SMTP.section(), UpstreamAuthConfig.SECTION,
            AdminConfig.SECTION, LimitsConfig.SECTION, ProxyProtocolConfig.SECTION};

    public GatewayConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (upstreamAuth == null && (imap != null || smtp != null)) {
            throw new IllegalArgumentException("upstreamAuth: null (expected a login mode when imap or smtp is set)");
        }
    }

    /** True when at least one protocol front is configured; {@code serve} needs this, the CLI verbs do not. */
    public boolean hasFronts() {
        return imap != null || smtp != null;
    }
}
