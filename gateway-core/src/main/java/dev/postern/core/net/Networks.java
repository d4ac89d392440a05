package dev.postern.core.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** A list of {@link Cidr} networks, e.g. the trusted networks exempt from limits; empty matches nothing. */
public record Networks(List<Cidr> networks) {

    public static final Networks NONE = new Networks(List.of());

    public Networks {
        networks = List.copyOf(Objects.requireNonNull(networks, "networks"));
    }

    /** Parses each entry with {@link Cidr#parse}. */
    public static Networks parse(List<String> entries) {
        return new Networks(entries.stream().map(Cidr::parse).toList());
    }

    public boolean contains(InetAddress address) {
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }
}
