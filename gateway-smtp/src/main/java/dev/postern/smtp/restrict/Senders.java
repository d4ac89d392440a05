package dev.postern.smtp.restrict;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The reverse-paths one session may use in {@code MAIL FROM}: the app password's send-as addresses
 * ({@code self} already the user's name), compared octet for octet after folding ASCII letters only.
 * Folding no other letter keeps one rule for every octet: a non-ASCII letter whose lower case is
 * ASCII (the Kelvin sign) cannot stand in for an allowed address. The null path {@code <>} is
 * allowed only when any sender is.
 */
final class Senders {

    /** Any reverse-path (a quota without send-as). */
    static final Senders ANY = new Senders(Set.of());

    /** Each allowed address as its UTF-8 octets, one char per octet, ASCII-folded. */
    private final Set<String> allowed;

    private Senders(Set<String> allowed) {
        this.allowed = allowed;
    }

    /** @param addresses as {@code Limits.sendersFor} gives them; empty for any sender */
    static Senders of(Set<String> addresses) {
        Set<String> octets = new HashSet<>();
        for (String address : addresses) {
            octets.add(foldAscii(new String(address.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        }
        return new Senders(Set.copyOf(octets));
    }

    /** Whether {@code address} (one char per octet, as read from the command line) may be used. */
    boolean allows(String address) {
        return allowed.isEmpty() || allowed.contains(foldAscii(address));
    }

    private static String foldAscii(String octets) {
        char[] chars = octets.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
