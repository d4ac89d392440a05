package dev.postern.server.interop;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The remote address inside a Dovecot 2.3 login session id ({@code session=<...>} in its log).
 * Dovecot's imap-login builds the id when it logs the login, after {@code ID}, as base64 of: 48 bits
 * of timestamp, the remote port (little-endian) and the remote IP; so it shows the port a trusted
 * proxy forwarded with {@code x-originating-port}, which the default log line does not print.
 *
 * @param ip the remote IP Dovecot used
 * @param port the remote port Dovecot used
 */
record DovecotSessionId(String ip, int port) {

    private static final Pattern SESSION = Pattern.compile("session=<([A-Za-z0-9+/=]+)>");
    private static final int TIMESTAMP_BYTES = 6;
    private static final int IPV4_LENGTH = TIMESTAMP_BYTES + 2 + 4;

    /** Decodes the session id in a Dovecot log line. */
    static DovecotSessionId fromLogLine(String line) {
        Matcher matcher = SESSION.matcher(line);
        if (!matcher.find()) {
            throw new IllegalArgumentException("log line: " + line + " (expected a session=<...> field)");
        }
        byte[] raw = Base64.getDecoder().decode(matcher.group(1));
        if (raw.length != IPV4_LENGTH) {
            throw new IllegalArgumentException("session id " + matcher.group(1) + ": " + raw.length
                    + " bytes (expected " + IPV4_LENGTH + ": timestamp, port, IPv4 address)");
        }
        int port = (raw[TIMESTAMP_BYTES] & 0xff) | (raw[TIMESTAMP_BYTES + 1] & 0xff) << 8;
        try {
            String ip = InetAddress.getByAddress(Arrays.copyOfRange(raw, TIMESTAMP_BYTES + 2, raw.length)).getHostAddress();
            return new DovecotSessionId(ip, port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("session id " + matcher.group(1) + ": no IP address", e);
        }
    }
}
