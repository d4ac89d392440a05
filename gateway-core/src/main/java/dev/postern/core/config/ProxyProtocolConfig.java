package dev.postern.core.config;

import dev.postern.core.net.Networks;
import java.time.Duration;
import java.util.Objects;

/**
 * Where PROXY protocol headers are accepted from ({@code proxy-protocol}); listeners opt in with
 * {@code proxy-protocol: true}.
 *
 * @param trustedProxies load balancers allowed to send the header; a connection from elsewhere is closed
 * @param headerTimeout  how long a connection may take to send its header before it is closed
 */
public record ProxyProtocolConfig(Networks trustedProxies, Duration headerTimeout) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);

    static final String SECTION = "proxy-protocol";
    static final String[] KEYS = {"trusted-proxies", "header-timeout"};

    public ProxyProtocolConfig {
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
    }

    public static ProxyProtocolConfig defaults() {
        return new ProxyProtocolConfig(Networks.NONE, DEFAULT_HEADER_TIMEOUT);
    }

    static ProxyProtocolConfig bind(ConfigReader section) {
        int mark = section.problems().count();
        Networks trusted = NetworksReader.read(section, "trusted-proxies");
        Duration timeout = section.duration("header-timeout", DEFAULT_HEADER_TIMEOUT, Duration.ofMillis(100),
                Duration.ofSeconds(60));
        return section.problems().count() > mark ? null : new ProxyProtocolConfig(trusted, timeout);
    }
}
