package dev.postern.imap.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An upstream's IMAP capability list, as announced in a CAPABILITY response or response code. */
record ImapCapabilities(List<String> names) {

    static final ImapCapabilities NONE = new ImapCapabilities(List.of());

    ImapCapabilities {
        names = List.copyOf(names);
    }

    static ImapCapabilities parse(String spaceSeparated) {
        List<String> names = new ArrayList<>();
        for (String token : spaceSeparated.trim().split(" +")) {
            if (!token.isEmpty()) {
                names.add(token);
            }
        }
        return new ImapCapabilities(names);
    }

    /** The list inside a {@code [CAPABILITY ...]} response code of a status line, if any. */
    static ImapCapabilities fromResponseCode(String statusLine) {
        int open = statusLine.toUpperCase(Locale.ROOT).indexOf("[CAPABILITY ");
        if (open < 0) {
            return NONE;
        }
        int close = statusLine.indexOf(']', open);
        if (close < 0) {
            return NONE;
        }
        return parse(statusLine.substring(open + "[CAPABILITY ".length(), close));
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    boolean has(String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    /**
     * What the client is told after login: the upstream's list without what concerns only the
     * leg between Postern and the upstream (STARTTLS, LOGINDISABLED, AUTH= mechanisms, SASL-IR).
     */
    String forClientAfterLogin() {
        List<String> kept = new ArrayList<>();
        for (String name : names) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (!upper.equals("STARTTLS") && !upper.equals("LOGINDISABLED") && !upper.startsWith("AUTH=")
                    && !upper.equals("SASL-IR")) {
                kept.add(name);
            }
        }
        return String.join(" ", kept);
    }
}
