package dev.postern.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Binds the top-level sections and checks what spans them: TLS needed by listeners, addresses that overlap. */
final class GatewayConfigBinder {

    private final ConfigReader root;
    private final Map<String, String> env;
    private final Supplier<String> localHostName;
    private final PortClaims addressesInUse = new PortClaims();
    private String firstTlsListener;
    private String firstProxyListener;

    private GatewayConfigBinder(ConfigReader root, Map<String, String> env, Supplier<String> localHostName) {
        this.root = root;
        this.env = env;
        this.localHostName = localHostName;
    }

    /** Binds everything, reporting every problem; null when there was any. */
    static GatewayConfig bind(ConfigReader root, Path source, Map<String, String> env,
                              Supplier<String> localHostName) {
        return new GatewayConfigBinder(root, env, localHostName).bind(source);
    }

    private GatewayConfig bind(Path source) {
        int mark = root.problems().count();
        ConfigReader tlsSection = root.section(TlsConfig.SECTION, TlsConfig.KEYS);
        TlsConfig tls = tlsSection.isPresent() ? TlsConfig.bind(tlsSection) : null;
        StoreConfig store = StoreConfig.bind(root.section(StoreConfig.SECTION, StoreConfig.KEYS));
        AuthConfig auth = AuthConfig.bind(root.section(AuthConfig.SECTION, AuthConfig.KEYS));
        UpstreamAuthConfig upstreamAuth = upstreamAuth();
        OAuth2Provider provider = upstreamAuth == null || upstreamAuth.oauth2() == null ? null
                : upstreamAuth.oauth2().provider();
        Map<String, ProtocolConfig> protocols = new LinkedHashMap<>();
        for (ProtocolDefaults defaults : ProtocolDefaults.ALL) {
            ProtocolConfig protocol = protocol(defaults,
                    provider == null ? null : provider.server(defaults.section()).orElse(null));
            if (protocol != null) {
                protocols.put(defaults.section(), protocol);
            }
        }
        AdminConfig admin = AdminConfig.bind(root.section(AdminConfig.SECTION, AdminConfig.KEYS));
        NotificationsConfig notifications = NotificationsConfig.bind(
                root.section(NotificationsConfig.SECTION, NotificationsConfig.KEYS));
        claimAddress(AdminConfig.SECTION + ".address", admin.address(), false);
        PortalConfig portal = PortalConfig.bind(root.section(PortalConfig.SECTION, PortalConfig.KEYS));
        if (portal != null) {
            claimAddress(PortalConfig.SECTION + ".address", portal.address(), false);
            if (firstTlsListener == null) {
                firstTlsListener = PortalConfig.SECTION;
            }
        }
        Duration shutdownGrace = root.duration(GatewayConfig.SHUTDOWN_GRACE_PERIOD,
                GatewayConfig.DEFAULT_SHUTDOWN_GRACE_PERIOD, Duration.ZERO, GatewayConfig.MAX_SHUTDOWN_GRACE_PERIOD);
        LimitsConfig limits = limits(auth);
        ProxyProtocolConfig proxyProtocol = proxyProtocol();
        if (firstTlsListener != null && !tlsSection.isPresent() && !root.has(TlsConfig.SECTION)) {
            root.problem(TlsConfig.SECTION, ConfigReader.MISSING, "expected certificate and private-key, because "
                    + firstTlsListener + " needs a certificate");
        }
        if (root.problems().count() > mark) {
            return null;
        }
        return new GatewayConfig(source, tls, store, auth, protocols, upstreamAuth, admin, limits, proxyProtocol,
                shutdownGrace, notifications, portal);
    }

    private ProtocolConfig protocol(ProtocolDefaults defaults, OAuth2Provider.Server preset) {
        ConfigReader section = root.section(defaults.section(), ProtocolConfig.KEYS);
        if (!section.isPresent()) {
            return null;
        }
        return ProtocolConfig.bind(section, defaults, localHostName, (path, listener) -> {
            claimAddress(path + ".address", listener.address(), listener.dualStack());
            if (listener.proxyProtocol() && firstProxyListener == null) {
                firstProxyListener = path + ".proxy-protocol";
            }
            if (listener.tls().needsCertificate() && firstTlsListener == null) {
                firstTlsListener = path + ".tls";
            }
        }, preset);
    }

    private LimitsConfig limits(AuthConfig auth) {
        ConfigReader section = root.section(LimitsConfig.SECTION, LimitsConfig.KEYS);
        LimitsConfig limits = section.isPresent() ? LimitsConfig.bind(section) : LimitsConfig.defaults();
        if (limits != null && auth != null && limits.failures().maxDelay().compareTo(auth.failureDelay()) < 0) {
            root.problems().add(section.pathOf(FailuresConfig.SECTION) + ".max-delay",
                    Durations.format(limits.failures().maxDelay()),
                    "expected at least auth.failure-delay (" + Durations.format(auth.failureDelay()) + ")");
        }
        return limits;
    }

    private ProxyProtocolConfig proxyProtocol() {
        ConfigReader section = root.section(ProxyProtocolConfig.SECTION, ProxyProtocolConfig.KEYS);
        ProxyProtocolConfig proxy = section.isPresent() ? ProxyProtocolConfig.bind(section) : ProxyProtocolConfig.defaults();
        if (proxy != null && firstProxyListener != null && proxy.trustedProxies().isEmpty()) {
            root.problems().add(ProxyProtocolConfig.SECTION + ".trusted-proxies", ConfigReader.MISSING,
                    "expected at least one load balancer address or network, because " + firstProxyListener
                            + " is true");
        }
        return proxy;
    }

    private UpstreamAuthConfig upstreamAuth() {
        boolean fronts = ProtocolDefaults.ALL.stream().anyMatch(protocol -> root.has(protocol.section()));
        ConfigReader section = fronts
                ? root.requiredSection(UpstreamAuthConfig.SECTION, UpstreamAuthConfig.KEYS)
                : root.section(UpstreamAuthConfig.SECTION, UpstreamAuthConfig.KEYS);
        return section.isPresent() ? UpstreamAuthBinder.bind(section, env) : null;
    }

    private void claimAddress(String path, HostPort address, boolean dualStack) {
        String expected = addressesInUse.claim(path, address, dualStack);
        if (expected != null) {
            root.problems().add(path, address.toString(), expected);
        }
    }
}
