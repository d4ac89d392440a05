package dev.postern.core.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host and a TCP port as written in the configuration: {@code mail.example.org:993},
 * {@code 0.0.0.0:993}, or an IPv6 literal in brackets, {@code [::1]:993}. The host is kept as
 * written (without brackets); nothing is resolved.
 */
public record HostPort(String host, int port) {

    /** What an address must look like; used in every message about a bad address. */
    public static final String EXPECTED = "expected host:port with a port of 1-65535";

    private static final int MAX_PORT = 65_535;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (!isIpv6Literal(host) && !isHostNameOrIpv4(host)) {
            throw new IllegalArgumentException("host: \"" + host + "\" (expected a host name or IP address)");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port: " + port + " (expected 0-65535)");
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || !PORT.matcher(text.substring(colon + 1)).matches()) {
            throw invalid(text);
        }
        String host = text.substring(0, colon);
        int port = Integer.parseInt(text.substring(colon + 1));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!isIpv6Literal(host)) {
                throw invalid(text);
            }
        } else if (!isHostNameOrIpv4(host)) {
            throw invalid(text);
        }
        try {
            return new HostPort(host, port);
        } catch (IllegalArgumentException outOfRange) {
            throw invalid(text);
        }
    }

    /**
     * True for {@code localhost}, 127.0.0.0/8 and {@code ::1}. Decided from the text alone: no name is
     * ever looked up, so a host name that happens to resolve to a loopback address is not loopback here.
     */
    public boolean isLoopback() {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.equals("localhost.")) {
            return true;
        }
        if (IPV4.matcher(host).matches()) {
            return host.startsWith("127.");
        }
        if (isIpv6Literal(host)) {
            try {
                // A literal containing ':' is parsed, never resolved.
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException notALiteral) {
                return false;
            }
        }
        return false;
    }

    /** True for an IPv4 literal such as {@code 0.0.0.0} or {@code 192.0.2.7} (not a host name). */
    public boolean isIpv4Literal() {
        return IPV4.matcher(host).matches();
    }

    /** True for an IPv6 literal (written in brackets), such as {@code ::} or {@code ::1}. */
    public boolean isIpv6Literal() {
        return isIpv6Literal(host);
    }

    /** True for the IPv6 wildcard {@code [::]} (also written {@code [0:0:0:0:0:0:0:0]}): every IPv6 address of the host. */
    public boolean isIpv6Wildcard() {
        if (!isIpv6Literal(host)) {
            return false;
        }
        try {
            // A literal containing ':' is parsed, never resolved.
            InetAddress address = InetAddress.getByName(host);
            return address instanceof Inet6Address && address.isAnyLocalAddress();
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    /** True for the IPv4 wildcard {@code 0.0.0.0}: every IPv4 address of the host. */
    public boolean isIpv4Wildcard() {
        return host.equals("0.0.0.0");
    }

    /** {@code host:port}, or {@code [host]:port} for IPv6. */
    @Override
    public String toString() {
        return isIpv6Literal(host) ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static boolean isHostNameOrIpv4(String host) {
        if (host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return IPV4.matcher(host).matches();
        }
        return HOST_NAME.matcher(host).matches();
    }

    private static boolean isIpv6Literal(String host) {
        if (!host.contains(":") || host.contains("%")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException invalid) {
            return false;
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException('"' + text + "\" (" + EXPECTED + ")");
    }
}
