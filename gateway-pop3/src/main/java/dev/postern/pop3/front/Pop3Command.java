package dev.postern.pop3.front;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A command line split into its keyword (upper case: keywords are case-insensitive, RFC 1939 §3)
 * and the raw rest after the one space that follows it, untouched: {@code PASS} takes it whole,
 * spaces included. Leading spaces before the keyword are forgiven.
 */
record Pop3Command(String keyword, String rest) {

    static Pop3Command parse(String line) {
        String text = line.stripLeading();
        int space = text.indexOf(' ');
        String keyword = space < 0 ? text : text.substring(0, space);
        String rest = space < 0 ? "" : text.substring(space + 1);
        return new Pop3Command(keyword.toUpperCase(Locale.ROOT), rest);
    }

    /** The argument with surrounding spaces dropped, possibly empty. */
    String argument() {
        return rest.strip();
    }

    /** The argument's words, split on runs of spaces; empty when there is no argument. */
    String[] words() {
        String argument = argument();
        return argument.isEmpty() ? new String[0] : argument.split(" +");
    }

    /**
     * Text the decoder read one char per octet, read again as UTF-8 (user names and passwords may
     * hold any Unicode; malformed sequences become U+FFFD, as for IMAP's LOGIN, and so never match).
     */
    static String utf8(String octets) {
        return new String(octets.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Pop3Command[" + keyword + ", " + rest.length() + " chars]"; // the rest may be a password
    }
}
