package dev.postern.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration, read from one YAML file by {@link ConfigLoader} and validated before
 * anything starts.
 *
 * @param source       the file read (or, for {@link ConfigLoader#parse}, the folder paths were resolved against)
 * @param tls          the listener certificate; null when the file has no {@code tls} section (allowed
 *                     only when no listener needs it)
 * @param protocols    the configured protocol fronts by section name ({@code imap}, {@code smtp}, {@code pop3}), in
 *                     the order of {@link ProtocolDefaults#ALL}; a protocol without a section is absent
 * @param upstreamAuth how to log in upstream; null when the file has no {@code upstream-auth} section
 *                     (allowed only when no protocol front is configured)
 * @param limits        connection limits and brute-force throttling (defaults when the section is absent)
 * @param proxyProtocol where PROXY protocol headers are accepted from (defaults when the section is absent)
 * @param shutdownGracePeriod how long relayed sessions may go on after a stop was asked for
 *                     ({@code shutdown-grace-period})
 * @param notifications where events such as a login from a new network are sent (none when the section is absent)
 * @param portal       the portal listener (the admin REST API); null when the file has no {@code portal} section
 */
public record GatewayConfig(Path source, TlsConfig tls, StoreConfig store, AuthConfig auth,
                            Map<String, ProtocolConfig> protocols, UpstreamAuthConfig upstreamAuth,
                            AdminConfig admin, LimitsConfig limits, ProxyProtocolConfig proxyProtocol,
                            Duration shutdownGracePeriod, NotificationsConfig notifications, PortalConfig portal) {

    /** Default of {@code shutdown-grace-period}. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(30);
    static final String SHUTDOWN_GRACE_PERIOD = "shutdown-grace-period";
    static final Duration MAX_SHUTDOWN_GRACE_PERIOD = Duration.ofHours(1);

    static final String[] KEYS = keys();

    public GatewayConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        Objects.requireNonNull(notifications, "notifications");
        protocols = Collections.unmodifiableMap(new LinkedHashMap<>(protocols));
        if (upstreamAuth == null && !protocols.isEmpty()) {
            throw new IllegalArgumentException("upstreamAuth: null (expected a login mode when "
                    + String.join(" or ", protocols.keySet()) + " is set)");
        }
    }

    /** True when at least one protocol front is configured; {@code serve} needs this, the CLI verbs do not. */
    public boolean hasFronts() {
        return !protocols.isEmpty();
    }

    /** The front configured under section {@code name} ({@code imap}, {@code smtp}, {@code pop3}), or null when there is none. */
    public ProtocolConfig protocol(String name) {
        return protocols.get(name);
    }

    private static String[] keys() {
        List<String> keys = new ArrayList<>(List.of(TlsConfig.SECTION, StoreConfig.SECTION, AuthConfig.SECTION));
        ProtocolDefaults.ALL.forEach(protocol -> keys.add(protocol.section()));
        keys.addAll(List.of(UpstreamAuthConfig.SECTION, AdminConfig.SECTION, LimitsConfig.SECTION,
                ProxyProtocolConfig.SECTION, SHUTDOWN_GRACE_PERIOD, NotificationsConfig.SECTION, PortalConfig.SECTION));
        return keys.toArray(String[]::new);
    }
}
