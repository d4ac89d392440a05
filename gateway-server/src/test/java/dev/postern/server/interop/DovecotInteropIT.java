package dev.postern.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.DovecotServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postern in front of a real Dovecot in master-user mode: a Jakarta Mail client logs in to Postern
 * with an app password, and what it stores lands in that user's own mailbox on Dovecot.
 */
class DovecotInteropIT {

    /** The client connects from here, so Dovecot's log can tell its address from Postern's (127.0.0.1). */
    private static final String CLIENT_ADDRESS = "127.0.0.2";

    @TempDir
    static Path dovecotDir;

    private static DovecotServer dovecot;

    @TempDir
    Path posternDir;

    @BeforeAll
    static void startDovecot() throws IOException {
        // Not skipped without Dovecot: the fixture fails and says how to install it.
        dovecot = DovecotServer.builder(dovecotDir)
                .user("alice", "alice-secret")
                .user("bob", "bob-secret")
                .start();
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void shouldStoreInUsersMailboxWhenLoggedInAsMasterOverImplicitTls() throws Exception {
        int logStart = dovecot.log().length();
        byte[] message = message("implicit-alice");
        long uid;
        byte[] fetched;
        try (PosternUnderTest postern = postern("alice")
                .upstream(dovecot.imapsPort(), "implicit")
                .trust(dovecot.certificatePem())
                .start();
                MailClient client = MailClient.login(MailClient.Security.IMPLICIT, postern.implicitTlsPort(),
                        postern.clientSslContext(), new InetSocketAddress(CLIENT_ADDRESS, 0), "alice",
                        postern.appPassword())) {

            uid = client.append(message);
            fetched = client.fetch(uid);
        }

        assertThat(fetched).isEqualTo(message);
        assertThat(DovecotMailbox.uidsWithMessageId(dovecot, "alice", "alice-secret", messageId("implicit-alice")))
                .containsExactly(Long.toString(uid));
        assertThat(DovecotMailbox.storedMessages(dovecot, "alice"))
                .anySatisfy(stored -> assertThat(stored).isEqualTo(DovecotMailbox.asStored(message)));
        assertThat(dovecot.mailDir(dovecot.masterUser())).doesNotExist();
        // without forward-client-ip, Dovecot sees Postern's address rather than the client's 127.0.0.2
        String login = DovecotMailbox.awaitLogLine(dovecot, logStart, line -> line.contains("Login: user=<alice>"));
        assertThat(login).contains("method=PLAIN").contains("rip=127.0.0.1,").contains("TLS");
    }

    @Test
    void shouldForwardClientAddressWhenUpstreamUsesStartTls() throws Exception {
        int logStart = dovecot.log().length();
        byte[] message = message("starttls-bob");
        int clientPort = freePort(CLIENT_ADDRESS);
        long uid;
        byte[] fetched;
        try (PosternUnderTest postern = postern("bob")
                .upstream(dovecot.imapPort(), "starttls")
                .trust(dovecot.certificatePem())
                .forwardClientIp(true)
                .start();
                MailClient client = MailClient.login(MailClient.Security.STARTTLS, postern.startTlsPort(),
                        postern.clientSslContext(), new InetSocketAddress(CLIENT_ADDRESS, clientPort), "bob",
                        postern.appPassword())) {

            uid = client.append(message);
            fetched = client.fetch(uid);
        }

        assertThat(fetched).isEqualTo(message);
        assertThat(DovecotMailbox.uidsWithMessageId(dovecot, "bob", "bob-secret", messageId("starttls-bob")))
                .containsExactly(Long.toString(uid));
        assertThat(dovecot.mailDir(dovecot.masterUser())).doesNotExist();
        // "TLS": the upstream leg was upgraded with STARTTLS; the address and port are the client's
        String login = DovecotMailbox.awaitLogLine(dovecot, logStart, line -> line.contains("Login: user=<bob>"));
        assertThat(login).contains("method=PLAIN").contains("rip=" + CLIENT_ADDRESS + ",").contains("TLS");
        assertThat(DovecotSessionId.fromLogLine(login)).isEqualTo(new DovecotSessionId(CLIENT_ADDRESS, clientPort));
    }

    @Test
    void shouldLogEachUserInOnAConnectionOfItsOwnWhenConnectionsAreKeptReady() throws Exception {
        // given one connection kept ready per event loop; the gateway's first login starts its loop's pool
        byte[] first = message("warm-first");
        byte[] second = message("warm-second");
        try (PosternUnderTest postern = postern("alice")
                .upstream(dovecot.imapsPort(), "implicit")
                .trust(dovecot.certificatePem())
                .warmConnections(1)
                .start()) {
            // when the same user logs in again and again, each session on a connection that was never logged in
            long firstUid;
            try (MailClient client = MailClient.login(MailClient.Security.IMPLICIT, postern.implicitTlsPort(),
                    postern.clientSslContext(), new InetSocketAddress(CLIENT_ADDRESS, 0), "alice", postern.appPassword())) {
                firstUid = client.append(first);
            }
            for (int i = 0; i < 4; i++) {
                try (MailClient client = MailClient.login(MailClient.Security.IMPLICIT, postern.implicitTlsPort(),
                        postern.clientSslContext(), new InetSocketAddress(CLIENT_ADDRESS, 0), "alice",
                        postern.appPassword())) {
                    assertThat(client.fetch(firstUid)).isEqualTo(first);
                    if (i == 3) {
                        client.append(second);
                    }
                }
            }
        }

        // then every session was logged in once, as the user, and stored in the user's own mailbox
        assertThat(DovecotMailbox.uidsWithMessageId(dovecot, "alice", "alice-secret", messageId("warm-first"))).hasSize(1);
        assertThat(DovecotMailbox.uidsWithMessageId(dovecot, "alice", "alice-secret", messageId("warm-second"))).hasSize(1);
        assertThat(dovecot.mailDir(dovecot.masterUser())).doesNotExist();
    }

    @Test
    void shouldUpgradeAConnectionKeptReadyWithStartTlsWhenTheUpstreamUsesStartTls() throws Exception {
        int logStart = dovecot.log().length();
        // given connections kept ready in plaintext, greeting read: STARTTLS comes with the login
        byte[] message = message("warm-starttls");
        try (PosternUnderTest postern = postern("bob")
                .upstream(dovecot.imapPort(), "starttls")
                .trust(dovecot.certificatePem())
                .warmConnections(1)
                .start()) {
            for (int i = 0; i < 3; i++) {
                try (MailClient client = MailClient.login(MailClient.Security.IMPLICIT, postern.implicitTlsPort(),
                        postern.clientSslContext(), new InetSocketAddress(CLIENT_ADDRESS, 0), "bob",
                        postern.appPassword())) {
                    if (i == 2) {
                        client.append(message);
                    }
                }
            }
        }

        assertThat(DovecotMailbox.uidsWithMessageId(dovecot, "bob", "bob-secret", messageId("warm-starttls"))).hasSize(1);
        String login = DovecotMailbox.awaitLogLine(dovecot, logStart, line -> line.contains("Login: user=<bob>"));
        assertThat(login).contains("TLS");
    }

    private PosternUnderTest.Builder postern(String user) {
        return PosternUnderTest.builder(posternDir, user, dovecot.masterUser(), dovecot.masterPassword());
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        }
    }

    private static String messageId(String marker) {
        return "<" + marker + "@interop.postern.test>";
    }

    /** A message with 8-bit text and a dot-led line, CRLF throughout, as a client would APPEND it. */
    private static byte[] message(String marker) {
        return String.join("\r\n",
                "From: Sender <sender@example.org>",
                "To: Recipient <recipient@example.org>",
                "Subject: Postern interop " + marker,
                "Message-ID: " + messageId(marker),
                "Date: Mon, 02 Mar 2026 10:00:00 +0000",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                "Grüße durch Postern: naïve café, 日本語.",
                ".a line that starts with a dot",
                "",
                "end",
                "").getBytes(StandardCharsets.UTF_8);
    }
}
