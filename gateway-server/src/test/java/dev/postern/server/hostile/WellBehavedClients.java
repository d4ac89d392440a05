package dev.postern.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.RawImapClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** What the hostile cases check afterwards: a well-behaved client still logs in and is served. */
final class WellBehavedClients {

    private WellBehavedClients() {
    }

    /** Logs in over IMAP (implicit TLS) and runs NOOP through the relay. */
    static void assertImapStillServes(HostileGateway gateway) throws IOException {
        try (RawImapClient client = RawImapClient.connectTls(gateway.imapImplicitPort(), gateway.clientTls())) {
            assertThat(client.command("w1", "LOGIN " + HostileGateway.USER + " " + gateway.appPassword()))
                    .last().asString().startsWith("w1 OK [CAPABILITY ").endsWith("] Logged in.");
            assertThat(client.command("w2", "NOOP")).last().asString().startsWith("w2 OK");
        }
    }

    /** Logs in over SMTP (implicit TLS) and runs NOOP through the relay. */
    static void assertSmtpStillServes(HostileGateway gateway) throws IOException {
        try (RawImapClient client = RawImapClient.connectTls(gateway.smtpImplicitPort(), gateway.clientTls())) {
            smtp(client, "EHLO well.behaved");
            assertThat(smtp(client, "AUTH PLAIN " + plain("", HostileGateway.USER, gateway.appPassword())))
                    .containsExactly("235 2.7.0 Authentication successful");
            assertThat(smtp(client, "NOOP")).last().asString().startsWith("250");
        }
    }

    /** Logs in over POP3 (implicit TLS) with USER/PASS and runs STAT through the relay. */
    static void assertPop3StillServes(HostileGateway gateway) throws IOException {
        try (RawImapClient client = RawImapClient.connectTls(gateway.pop3ImplicitPort(), gateway.clientTls())) {
            assertThat(client.greeting()).isEqualTo("+OK Postern POP3 ready.");
            client.sendLine("USER " + HostileGateway.USER);
            assertThat(client.readLine()).startsWith("+OK");
            client.sendLine("PASS " + gateway.appPassword());
            assertThat(client.readLine()).isEqualTo("+OK Logged in.");
            client.sendLine("STAT");
            assertThat(client.readLine()).matches("\\+OK \\d+ \\d+");
        }
    }

    /** Sends one SMTP command line and returns its (possibly multi-line) reply. */
    static List<String> smtp(RawImapClient client, String line) throws IOException {
        client.sendLine(line);
        return smtpReply(client);
    }

    static List<String> smtpReply(RawImapClient client) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = client.readLine();
            lines.add(line);
        } while (line.length() >= 4 && line.charAt(3) == '-');
        return lines;
    }

    /** A SASL PLAIN response: base64 of {@code authzid NUL authcid NUL password}. */
    static String plain(String authzid, String authcid, String password) {
        return b64((authzid + "\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] octets) {
        return Base64.getEncoder().encodeToString(octets);
    }
}
