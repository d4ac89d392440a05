package dev.postern.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The unit that limits and throttles count by: an IPv4 address on its own, an IPv6 address by
 * its /64 (one customer's subnet: a client rotating through its own /64 is still one source).
 */
public final class AddressGroups {

    static final int IPV6_PREFIX = 64;

    private AddressGroups() {
    }

    /**
     * The network a login is said to come from when an app password's sources are compared: an IPv4
     * address's /24, an IPv6 address's /64, e.g. {@code 192.0.2.0/24}, {@code 2001:db8:1:2::/64}.
     */
    public static String sourceNetwork(InetAddress address) {
        if (address instanceof Inet6Address) {
            return of(address);
        }
        byte[] masked = Cidr.mask(address.getAddress(), 24);
        return (masked[0] & 0xFF) + "." + (masked[1] & 0xFF) + "." + (masked[2] & 0xFF) + ".0/24";
    }

    /** A stable text key such as {@code 192.0.2.7} or {@code 2001:db8:1:2::/64}. */
    public static String of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] masked = Cidr.mask(address.getAddress(), IPV6_PREFIX);
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString(((masked[i] & 0xFF) << 8) | (masked[i + 1] & 0xFF))).append(':');
            }
            return key.append(":/64").toString();
        }
        return address.getHostAddress();
    }
}
