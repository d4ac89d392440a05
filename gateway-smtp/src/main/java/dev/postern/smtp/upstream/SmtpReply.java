package dev.postern.smtp.upstream;

import dev.postern.core.upstream.UpstreamFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * One complete upstream reply: its code and the text of each line ({@code 250-a}, {@code 250 b}
 * give {@code [a, b]}). {@link Reader} assembles multi-line replies from single lines.
 */
record SmtpReply(int code, List<String> lines) {

    SmtpReply {
        lines = List.copyOf(lines);
    }

    boolean isPositive() {
        return code >= 200 && code < 300;
    }

    /** The first line, printable ASCII only and capped, for logs. It never contains what Postern sent. */
    String brief() {
        return code + " " + printable(lines.isEmpty() ? "" : lines.get(0));
    }

    /** Upstream text for logs: printable ASCII only, at most 200 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    /** Collects the lines of one reply; all lines of a reply must carry the same code. */
    static final class Reader {

        private static final int MAX_LINES = 200;

        private int code = -1;
        private final List<String> lines = new ArrayList<>();

        /** Adds one line (without CRLF); returns the reply once its last line has come, else null. */
        SmtpReply add(String line) throws UpstreamFailure {
            if (line.length() < 3 || !isDigits(line) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "not an SMTP reply line: " + new SmtpReply(0,
                        List.of(line)).brief());
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "reply code changed from " + code + " to " + lineCode);
            }
            if (lines.size() >= MAX_LINES) {
                throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "reply of more than " + MAX_LINES + " lines");
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() > 3 && line.charAt(3) == '-') {
                return null;
            }
            SmtpReply reply = new SmtpReply(code, lines);
            code = -1;
            lines.clear();
            return reply;
        }

        private static boolean isDigits(String line) {
            return Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1)) && Character.isDigit(line.charAt(2));
        }
    }
}
