package dev.postern.pop3.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds the {@code XCLIENT} command of Dovecot's pop3-login, which a server that trusts Postern
 * ({@code login_trusted_networks}) takes as the real client's address, for its logs, its auth
 * penalty and its {@code %{rip}}: {@code XCLIENT ADDR=<ip> PORT=<port>}, parameters separated by
 * single spaces, the address a bare IP literal (IPv6 without brackets or prefix). Dovecot announces
 * it to trusted peers with {@code [XCLIENT]} at the start of its greeting. Only address literals
 * Postern parsed itself reach the line: anything else leaves {@code ADDR} out.
 */
final class Xclient {

    private Xclient() {
    }

    /** The command, or null when the client's address is not an IP literal (nothing worth sending). */
    static String command(String clientIp, int clientPort) {
        String address = address(clientIp);
        if (address == null) {
            return null;
        }
        return "XCLIENT ADDR=" + address + (clientPort > 0 && clientPort < 65536 ? " PORT=" + clientPort : "");
    }

    /** The address in the form Dovecot parses ({@code net_addr2ip}), or null when it is not an IP literal. */
    static String address(String ip) {
        boolean literal = ip != null && (isIpv4(ip) || (ip.contains(":") && ip.matches("[0-9A-Fa-f.:]+")));
        if (!literal) {
            return null; // only address literals: never a name that would need a lookup, never a raw string
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Four decimal octets of at most 255: anything else would make {@link InetAddress} look the name up. */
    private static boolean isIpv4(String ip) {
        if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String octet : ip.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
