package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way a client can present its app password, on the implicit-TLS listener and on the
 * STARTTLS listener after STARTTLS: the tagged OK carries the upstream's capabilities, and the
 * next command is answered by the upstream.
 */
class ImapLoginIT {

    /** The upstream's post-login capabilities (GreenMail), as opposed to Postern's pre-login list. */
    static final String UPSTREAM_OK = "^a OK \\[CAPABILITY IMAP4rev1 [^]]*\\bUIDPLUS\\b[^]]*] Logged in\\.$";

    @TempDir
    static Path folder;
    static ImapGatewayHarness harness;

    enum Listener { IMPLICIT, STARTTLS }

    @BeforeAll
    static void startGateway() throws IOException {
        harness = ImapGatewayHarness.start(folder);
    }

    @AfterAll
    static void stopGateway() {
        harness.close();
    }

    private static RawImapClient connect(Listener listener) throws IOException {
        return listener == Listener.IMPLICIT ? harness.connectImplicit() : harness.connectStartTls();
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void shouldLogInWithQuotedStrings(Listener listener) throws IOException {
        try (RawImapClient client = connect(listener)) {
            List<String> reply = client.command("a", "LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"");

            assertLoggedIn(client, reply);
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void shouldLogInWithSynchronizingLiterals(Listener listener) throws IOException {
        try (RawImapClient client = connect(listener)) {
            client.write("a LOGIN {" + octets(USER) + "}\r\n");
            assertThat(client.readLine()).startsWith("+ ");
            client.write(USER + " {" + octets(harness.appPassword()) + "}\r\n");
            assertThat(client.readLine()).startsWith("+ ");
            client.write(harness.appPassword() + "\r\n");

            assertLoggedIn(client, client.readUntilTagged("a"));
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void shouldLogInWithNonSynchronizingLiteralsInOneWrite(Listener listener) throws IOException {
        try (RawImapClient client = connect(listener)) {
            client.write("a LOGIN {" + octets(USER) + "+}\r\n" + USER + " {" + octets(harness.appPassword()) + "+}\r\n"
                    + harness.appPassword() + "\r\n");

            List<String> reply = client.readUntilTagged("a");

            assertThat(reply).noneMatch(line -> line.startsWith("+"));
            assertLoggedIn(client, reply);
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void shouldLogInWithAuthenticatePlainAndInitialResponse(Listener listener) throws IOException {
        try (RawImapClient client = connect(listener)) {
            List<String> reply = client.command("a", "AUTHENTICATE PLAIN " + plain(USER, harness.appPassword()));

            assertLoggedIn(client, reply);
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void shouldLogInWithAuthenticatePlainByContinuation(Listener listener) throws IOException {
        try (RawImapClient client = connect(listener)) {
            client.sendLine("a AUTHENTICATE PLAIN");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.sendLine(plain(USER, harness.appPassword()));

            assertLoggedIn(client, client.readUntilTagged("a"));
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void shouldLogInWithAuthenticateLogin(Listener listener) throws IOException {
        try (RawImapClient client = connect(listener)) {
            client.sendLine("a AUTHENTICATE LOGIN");
            assertThat(client.readLine()).isEqualTo("+ " + base64("Username:"));
            client.sendLine(base64(USER));
            assertThat(client.readLine()).isEqualTo("+ " + base64("Password:"));
            client.sendLine(base64(harness.appPassword()));

            assertLoggedIn(client, client.readUntilTagged("a"));
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void shouldLogInAsAUserNamedInAnotherCaseThanTheAppPasswordWasCreatedFor(Listener listener) throws IOException {
        // given: the app password was created for alice@example.test
        try (RawImapClient client = connect(listener)) {
            // when
            List<String> login = client.command("a", "LOGIN \"Alice@Example.TEST\" \"" + harness.appPassword() + "\"");

            // then
            assertLoggedIn(client, login);
        }
        try (RawImapClient client = connect(listener)) {
            assertLoggedIn(client, client.command("a", "AUTHENTICATE PLAIN " + plain("ALICE@example.test",
                    harness.appPassword())));
        }
    }

    /** The tagged OK has the upstream's capabilities, and the session now talks to the upstream's INBOX. */
    private static void assertLoggedIn(RawImapClient client, List<String> reply) throws IOException {
        assertThat(reply).hasSize(1);
        assertThat(reply.get(0)).matches(UPSTREAM_OK).contains(" IDLE").doesNotContain("AUTH=", "Postern");
        List<String> select = client.command("b", "SELECT INBOX");
        assertThat(select).anyMatch(line -> line.matches("^\\* \\d+ EXISTS$"));
        assertThat(select.get(select.size() - 1)).startsWith("b OK ");
        List<String> logout = client.command("c", "LOGOUT");
        assertThat(logout.get(0)).startsWith("* BYE");
        assertThat(logout.get(logout.size() - 1)).startsWith("c OK");
    }

    static String plain(String user, String password) {
        return base64("\0" + user + "\0" + password);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static int octets(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
