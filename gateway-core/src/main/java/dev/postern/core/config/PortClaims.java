package dev.postern.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses listened on so far, to refuse two that the kernel would not both bind: the same
 * address twice, a wildcard ({@code 0.0.0.0}, {@code [::]}) and another address of its family on
 * the same port, or a {@code dual-stack} {@code [::]} and any other address on its port. Host names
 * are not resolved, so they only clash with themselves. Port 0 (any free port) never clashes.
 */
final class PortClaims {

    private record Claim(String path, HostPort address, boolean dualStack) {
    }

    private final List<Claim> claims = new ArrayList<>();

    /** Claims {@code address} for {@code path}; returns null when it is free, else what was expected instead. */
    String claim(String path, HostPort address, boolean dualStack) {
        if (address == null || address.port() == 0) {
            return null;
        }
        Claim wanted = new Claim(path, address, dualStack);
        for (Claim held : claims) {
            if (held.address().port() != address.port()) {
                continue;
            }
            if (held.address().equals(address)) {
                return "expected an address not already used by " + held.path();
            }
            if (overlap(held, wanted) || overlap(wanted, held)) {
                return "expected an address not overlapping " + held.path() + " (" + held.address()
                        + (held.dualStack() ? " with dual-stack: true" : "") + ") on port " + address.port();
            }
        }
        claims.add(wanted);
        return null;
    }

    /** True when {@code wide}, a wildcard, also covers {@code other} (same port). */
    private static boolean overlap(Claim wide, Claim other) {
        HostPort address = other.address();
        if (wide.dualStack()) {
            return address.isIpv4Literal() || address.isIpv6Literal();
        }
        if (wide.address().isIpv4Wildcard()) {
            return address.isIpv4Literal();
        }
        return wide.address().isIpv6Wildcard() && address.isIpv6Literal();
    }
}
