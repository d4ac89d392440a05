package dev.postern.smtp.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Builds the Postfix {@code XCLIENT} command that tells a trusting upstream who the real client is
 * (https://www.postfix.org/XCLIENT_README.html). Every value is xtext-encoded (RFC 3461 §4: octets
 * outside {@code !}..{@code ~}, and {@code +} and {@code =}, become {@code +XX}); a value Postern
 * does not know, or that is not what it claims to be, is sent as {@value #UNAVAILABLE}.
 */
public final class Xclient {

    public static final String UNAVAILABLE = "[UNAVAILABLE]";

    private Xclient() {
    }

    /** {@code XCLIENT ADDR=<ip> PORT=<port> NAME=[UNAVAILABLE]} (Postern does no reverse lookups). */
    public static String command(String clientIp, int clientPort) {
        return "XCLIENT ADDR=" + address(clientIp) + " PORT=" + (clientPort > 0 && clientPort < 65536
                ? Integer.toString(clientPort) : UNAVAILABLE) + " NAME=" + UNAVAILABLE;
    }

    /** An IP literal as Postfix wants it ({@code IPV6:} before IPv6 addresses), or {@value #UNAVAILABLE}. */
    static String address(String ip) {
        boolean literal = ip != null && (ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || (ip.contains(":") && ip.matches("[0-9A-Fa-f.:]+")));
        if (!literal) {
            return UNAVAILABLE; // only address literals: never a name that would need a lookup
        }
        try {
            InetAddress parsed = InetAddress.getByName(ip);
            String text = parsed.getHostAddress();
            return xtext(parsed.getAddress().length == 16 ? "IPV6:" + text : text);
        } catch (UnknownHostException e) {
            return UNAVAILABLE;
        }
    }

    /** RFC 3461 xtext. */
    public static String xtext(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                out.append((char) c);
            } else {
                out.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
