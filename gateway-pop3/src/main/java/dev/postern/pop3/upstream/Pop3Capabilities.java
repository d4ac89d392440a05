package dev.postern.pop3.upstream;

import dev.postern.core.upstream.UpstreamFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines of an upstream's {@code CAPA} response (RFC 2449), between its {@code +OK} and the
 * terminating {@code .}: {@code USER}, {@code SASL PLAIN LOGIN}, {@code PIPELINING} and so on. A
 * server without CAPA answers {@code -ERR}; it then has {@link #NONE}, and USER/PASS is assumed.
 */
record Pop3Capabilities(List<String> lines) {

    static final Pop3Capabilities NONE = new Pop3Capabilities(List.of());

    Pop3Capabilities {
        lines = List.copyOf(lines);
    }

    /** Whether a line names the capability (its first word, case-insensitive). */
    boolean has(String keyword) {
        return lines.stream().anyMatch(line -> keyword(line).equals(keyword.toUpperCase(Locale.ROOT)));
    }

    /** The mechanisms of the {@code SASL} line, upper case. */
    List<String> saslMechanisms() {
        List<String> mechanisms = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.trim().toUpperCase(Locale.ROOT).split(" +");
            if (words[0].equals("SASL")) {
                mechanisms.addAll(List.of(words).subList(1, words.length));
            }
        }
        return mechanisms;
    }

    /** One capability per line, as carried in {@code UpstreamSession.capabilities()}. */
    String serialise() {
        return String.join("\n", lines);
    }

    static Pop3Capabilities deserialise(String text) {
        return text.isEmpty() ? NONE : new Pop3Capabilities(List.of(text.split("\n")));
    }

    private static String keyword(String line) {
        String trimmed = line.trim();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    /** Collects the lines of one multi-line CAPA response, undoing the dot-stuffing of RFC 1939 section 3. */
    static final class Reader {

        private static final int MAX_LINES = 200;

        private final List<String> lines = new ArrayList<>();

        /** Adds one line (without CRLF); returns the capabilities once the terminating {@code .} has come, else null. */
        Pop3Capabilities add(String line) throws UpstreamFailure {
            if (line.equals(".")) {
                Pop3Capabilities done = new Pop3Capabilities(lines);
                lines.clear();
                return done;
            }
            if (lines.size() >= MAX_LINES) {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "CAPA response of more than " + MAX_LINES + " lines");
            }
            lines.add(line.startsWith(".") ? line.substring(1) : line);
            return null;
        }
    }
}
