package dev.postern.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One protocol front ({@code imap}, {@code smtp} or {@code pop3}): where clients connect, the upstream server, and
 * the limits that apply before login.
 *
 * @param hostName        the name used in greetings (default: this machine's host name)
 * @param preAuthTimeout  how long a client may take to log in
 * @param idleTimeout     how long a session may stay silent, before and after login
 * @param maxBadCommands  malformed commands tolerated before the connection is closed
 * @param maxAuthFailures failed logins tolerated per connection before it is closed
 */
public record ProtocolConfig(List<ListenerConfig> listeners, UpstreamConfig upstream, String hostName,
                             Duration preAuthTimeout, Duration idleTimeout, int maxBadCommands,
                             int maxAuthFailures) {

    public static final Duration DEFAULT_PRE_AUTH_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_BAD_COMMANDS = 3;
    public static final int DEFAULT_MAX_AUTH_FAILURES = 3;

    static final String[] KEYS = {"listeners", "upstream", "host-name", "pre-auth-timeout", "idle-timeout",
            "max-bad-commands", "max-auth-failures"};

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]{1,253}");
    private static final Duration MIN_PRE_AUTH_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_PRE_AUTH_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_IDLE_TIMEOUT = Duration.ofHours(24);
    private static final int MAX_COUNT = 100;

    public ProtocolConfig {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("listeners: [] (expected at least one listener)");
        }
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(preAuthTimeout, "preAuthTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /**
     * Binds a present protocol section; null when something in it is wrong (reported).
     *
     * @param tlsListener told the key path and config of each listener that needs a certificate
     * @param preset      the OAuth2 provider's server for this protocol, standing in for a missing
     *                    {@code upstream} section or its address and tls; null: none
     */
    static ProtocolConfig bind(ConfigReader section, ProtocolDefaults defaults, Supplier<String> localHostName,
                               BiConsumer<String, ListenerConfig> tlsListener, OAuth2Provider.Server preset) {
        int mark = section.problems().count();
        List<ListenerConfig> listeners = new ArrayList<>();
        for (ConfigReader item : section.sections("listeners", ListenerConfig.KEYS)) {
            ListenerConfig listener = ListenerConfig.bind(item);
            if (listener != null) {
                listeners.add(listener);
                tlsListener.accept(item.path(), listener);
            }
        }
        String[] upstreamKeys = UpstreamConfig.keys(defaults.forwardClientIpKey(), defaults.extensionProbe());
        ConfigReader upstreamSection = preset == null ? section.requiredSection("upstream", upstreamKeys)
                : section.section("upstream", upstreamKeys);
        UpstreamConfig upstream = upstreamSection.isPresent() || preset != null
                ? UpstreamConfig.bind(upstreamSection, defaults.forwardClientIpKey(), defaults.extensionProbe(), preset)
                : null;
        String hostName = section.has("host-name") ? hostName(section) : localHostName.get();
        Duration preAuthTimeout = section.duration("pre-auth-timeout",
                DEFAULT_PRE_AUTH_TIMEOUT, MIN_PRE_AUTH_TIMEOUT, MAX_PRE_AUTH_TIMEOUT);
        Duration idleTimeout = section.duration("idle-timeout",
                defaults.idleTimeout(), defaults.minIdleTimeout(), MAX_IDLE_TIMEOUT);
        int maxBadCommands = section.integer("max-bad-commands", DEFAULT_MAX_BAD_COMMANDS, 1, MAX_COUNT);
        int maxAuthFailures = section.integer("max-auth-failures", DEFAULT_MAX_AUTH_FAILURES, 1, MAX_COUNT);
        if (section.problems().count() > mark) {
            return null;
        }
        return new ProtocolConfig(listeners, upstream, hostName, preAuthTimeout, idleTimeout,
                maxBadCommands, maxAuthFailures);
    }

    private static String hostName(ConfigReader section) {
        String expected = "expected a host name without spaces";
        String name = section.requiredText("host-name", expected);
        if (name != null && !HOST_NAME.matcher(name).matches()) {
            section.problem("host-name", section.show("host-name"), expected);
            return null;
        }
        return name;
    }
}
