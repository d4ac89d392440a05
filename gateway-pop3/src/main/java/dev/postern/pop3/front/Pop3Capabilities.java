package dev.postern.pop3.front;

import static dev.postern.pop3.front.Pop3Replies.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code CAPA} lists (RFC 2449 §5): Postern's own login capabilities where a login is allowed,
 * {@code STLS} where it is offered, and of the upstream's capabilities only those Postern can pass on
 * unchanged because they matter after login, when the client talks to the upstream.
 *
 * <p>Relayed from the upstream, and only when the upstream listed them: {@code TOP}, {@code UIDL},
 * {@code RESP-CODES}, {@code PIPELINING}, {@code EXPIRE} and {@code LOGIN-DELAY} (with their
 * arguments). So after TLS, or on implicit TLS, nothing is advertised that the upstream does not also
 * support. While no probe has answered yet the upstream's list is empty, and only Postern's own
 * {@code USER}, {@code SASL} and {@code AUTH-RESP-CODE} are offered: a client that wants more asks
 * CAPA again after login, when the upstream answers it.
 *
 * <p>Never relayed: {@code USER}, {@code SASL}, {@code STLS} and {@code AUTH-RESP-CODE} (Postern's
 * own: it does the login), {@code IMPLEMENTATION} (no banner of the upstream), {@code UTF8} and
 * {@code LANG} (RFC 6856: commands of the AUTHORIZATION state, which Postern would have to answer and
 * carry over), and anything unknown.
 */
final class Pop3Capabilities {

    /** The upstream capabilities passed on, in the order they are listed. */
    static final List<String> RELAYED = List.of("TOP", "UIDL", "RESP-CODES", "PIPELINING", "EXPIRE", "LOGIN-DELAY");
    /** Upstream lines longer than this are not passed on (RFC 2449 §5: a reply line is at most 512 octets). */
    static final int MAX_RELAYED_LENGTH = 200;

    private Pop3Capabilities() {
    }

    /**
     * @param upstream     the upstream's CAPA lines as its probe learned them; empty before the first answer
     * @param loginAllowed whether USER, PASS and AUTH are accepted on this connection now
     * @param stlsOffered  whether STLS may be issued now (the STLS port before TLS)
     */
    static List<String> list(List<String> upstream, boolean loginAllowed, boolean stlsOffered) {
        List<String> lines = new ArrayList<>();
        if (loginAllowed) {
            lines.add(CAPABILITY_USER);
            lines.add(CAPABILITY_SASL);
        }
        if (stlsOffered) {
            lines.add(CAPABILITY_STLS);
        }
        Map<String, String> relayable = relayable(upstream);
        for (String keyword : RELAYED) {
            String line = relayable.get(keyword);
            if (line != null) {
                lines.add(line);
            }
        }
        if (loginAllowed) {
            lines.add(CAPABILITY_AUTH_RESP_CODE);
        }
        return lines;
    }

    /** The upstream's relayable lines by keyword (the first of each), keyword upper case, spaces tidied. */
    private static Map<String, String> relayable(List<String> upstream) {
        Map<String, String> byKeyword = new LinkedHashMap<>();
        if (upstream == null) {
            return byKeyword;
        }
        for (String line : upstream) {
            if (line == null || line.length() > MAX_RELAYED_LENGTH || !printable(line) || line.isBlank()) {
                continue;
            }
            String[] words = line.strip().split(" +");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (RELAYED.contains(keyword)) {
                words[0] = keyword;
                byKeyword.putIfAbsent(keyword, String.join(" ", words));
            }
        }
        return byKeyword;
    }

    private static boolean printable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
