package dev.postern.pop3.upstream;

import java.util.Locale;

/**
 * Reading one line of an upstream POP3 server: the status indicators {@code +OK} and {@code -ERR}
 * (RFC 1939), the SASL continuation {@code +} (RFC 5034), and the response code in brackets after
 * {@code -ERR} (RFC 2449 section 8: {@code -ERR [IN-USE] ...}).
 */
final class Pop3Response {

    private Pop3Response() {
    }

    /** Whether the line is a positive status: {@code +OK}, alone or followed by a space. */
    static boolean isOk(String line) {
        return indicator(line, "+OK");
    }

    /** Whether the line is a negative status: {@code -ERR}, alone or followed by a space. */
    static boolean isErr(String line) {
        return indicator(line, "-ERR");
    }

    /** Whether the line is a SASL continuation: {@code +} alone or {@code + } and a base64 challenge. */
    static boolean isContinuation(String line) {
        return line.equals("+") || line.startsWith("+ ");
    }

    /** The base64 text of a continuation line (empty for a bare {@code +}). */
    static String challenge(String continuation) {
        return continuation.length() > 2 ? continuation.substring(2) : "";
    }

    /**
     * The response code of a {@code -ERR} line, upper case, without brackets ({@code SYS/TEMP}), or
     * the empty string when the line has none.
     */
    static String code(String line) {
        if (!isErr(line) || line.length() < 6 || line.charAt(5) != '[') {
            return "";
        }
        int end = line.indexOf(']', 6);
        return end < 0 ? "" : line.substring(6, end).toUpperCase(Locale.ROOT);
    }

    /** Upstream text for logs: printable ASCII only, at most 200 characters. It never contains what Postern sent. */
    static String brief(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static boolean indicator(String line, String indicator) {
        return line.regionMatches(true, 0, indicator, 0, indicator.length())
                && (line.length() == indicator.length() || line.charAt(indicator.length()) == ' ');
    }
}
