package dev.postern.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a
 * single host ({@code /32} or {@code /128}). Used for trusted networks and trusted proxies. An IPv4
 * network never matches an IPv6 address and the other way round (IPv4-mapped IPv6 addresses are
 * already IPv4 once Java has parsed them).
 */
public final class Cidr {

    /** What a valid value looks like, for error messages. */
    public static final String EXPECTED = "expected an IP address or network such as 10.0.0.0/8 or 2001:db8::/32";

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code address[/prefix]}; only literal addresses, never a host name lookup.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(host, text);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException(text + " (" + EXPECTED + ")");
            }
            prefix = Integer.parseInt(digits);
            if (prefix > bits) {
                throw new IllegalArgumentException(text + " (expected a prefix length from 0 to " + bits + ")");
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** True when {@code address} lies in this network. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    /** Keeps the first {@code prefix} bits of an address and zeroes the rest. */
    static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF00 >>> keep));
        }
        return masked;
    }

    private static byte[] literal(String host, String original) {
        boolean looksLiteral = !host.isEmpty() && (host.indexOf(':') >= 0
                || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)) && host.chars().filter(c -> c == '.').count() == 3);
        if (!looksLiteral || host.startsWith("[")) {
            throw new IllegalArgumentException(original + " (" + EXPECTED + ")");
        }
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException(original + " (" + EXPECTED + ")", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
