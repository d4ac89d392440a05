package dev.postern.core.config;

import java.util.Objects;

/** The admin HTTP listener (metrics, health). Loopback by default. */
public record AdminConfig(HostPort address) {

    public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 9142);

    static final String SECTION = "admin";
    static final String[] KEYS = {"address"};

    public AdminConfig {
        Objects.requireNonNull(address, "address");
    }

    static AdminConfig bind(ConfigReader admin) {
        HostPort address = admin.listenAddress("address", DEFAULT_ADDRESS);
        return new AdminConfig(address == null ? DEFAULT_ADDRESS : address);
    }
}
