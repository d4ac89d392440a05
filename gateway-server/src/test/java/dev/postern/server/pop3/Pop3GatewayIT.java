package dev.postern.server.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.account.AccountService;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.testing.TestSecrets;
import dev.postern.server.demo.Demo;
import dev.postern.server.imap.RawImapClient;
import jakarta.mail.AuthenticationFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3 through Postern as users run it: the demo stack (GreenMail POP3 upstream, stored-credential
 * mode) read by Jakarta Mail's POP3 client over implicit TLS and over STLS, by Python's poplib, and
 * by a raw client that pipelines its commands; every refusal reads the same.
 */
class Pop3GatewayIT {

    private static final String REFUSED = "-ERR [AUTH] Authentication failed.";

    @TempDir
    static Path folder;

    private static Demo demo;
    private static SSLContext tls;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = Demo.start(folder, new Demo.Ports(0, 0, -1, -1, 0, 0, 0));
        TestSecrets.registerPassword(Demo.USER, demo.appPassword());
        tls = SelfSignedPem.clientContextTrusting(demo.certificate());
    }

    @AfterAll
    static void stopDemo() {
        demo.close();
    }

    private static int stlsPort() {
        return demo.gateway().addresses("pop3").get(0).getPort();
    }

    private static int implicitPort() {
        return demo.gateway().addresses("pop3").get(1).getPort();
    }

    private static List<String> subjects(boolean implicitTls, String password) throws Exception {
        return Pop3Subjects.read(implicitTls ? implicitPort() : stlsPort(), implicitTls, tls, null, Demo.USER, password);
    }

    @Test
    void shouldLetJakartaMailReadTheMailboxOverImplicitTls() throws Exception {
        assertThat(subjects(true, demo.appPassword())).contains("Welcome to Postern");
    }

    @Test
    void shouldLetJakartaMailReadTheMailboxAfterStls() throws Exception {
        assertThat(subjects(false, demo.appPassword())).contains("Welcome to Postern");
    }

    @Test
    void shouldRefuseJakartaMailAWrongAppPassword() {
        String wrong = "wrong-" + demo.appPassword();
        TestSecrets.registerPassword(Demo.USER, wrong);

        assertThatThrownBy(() -> subjects(true, wrong)).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("[AUTH] Authentication failed.");
    }

    @Test
    void shouldLetPythonPoplibReadTheWelcomeMessage() throws Exception {
        String script = String.join("\n",
                "import os, poplib, ssl",
                "tls = ssl.create_default_context(cafile=os.environ['CA'])",
                "pop = poplib.POP3_SSL('localhost', int(os.environ['PORT']), context=tls, timeout=30)",
                "pop.user(os.environ['POP_USER'])",
                "pop.pass_(os.environ['POP_PASSWORD'])",
                "count, size = pop.stat()",
                "lines = pop.retr(1)[1]",
                "print('messages', count)",
                "print([l.decode() for l in lines if l.startswith(b'Subject:')][0])",
                "pop.quit()",
                "");
        Path file = folder.resolve("read.py");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("python3", file.toString()).redirectErrorStream(true);
        builder.environment().put("CA", demo.certificate().toString());
        builder.environment().put("PORT", Integer.toString(implicitPort()));
        builder.environment().put("POP_USER", Demo.USER);
        builder.environment().put("POP_PASSWORD", demo.appPassword());
        Process python = builder.start();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(python.getInputStream().readAllBytes(), UTF_8);

        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output).contains("Subject: Welcome to Postern").containsPattern("messages [1-9]");
    }

    @Test
    void shouldReplayCommandsPipelinedAfterPassInOrder() throws Exception {
        try (RawImapClient client = RawImapClient.connectTls(implicitPort(), tls)) {
            assertThat(client.greeting()).startsWith("+OK");

            client.write("USER " + Demo.USER + "\r\nPASS " + demo.appPassword() + "\r\nSTAT\r\nNOOP\r\nQUIT\r\n");

            List<String> lines = client.readUntilClosed();
            assertThat(lines).hasSize(5);
            assertThat(lines.get(0)).startsWith("+OK");
            assertThat(lines.get(1)).startsWith("+OK");
            assertThat(lines.get(2)).as("STAT answered by the upstream").matches("\\+OK [1-9]\\d* \\d+");
            assertThat(lines.get(3)).startsWith("+OK");
            assertThat(lines.get(4)).startsWith("+OK");
        }
    }

    @Test
    void shouldLogInWithAuthPlainAndAnInitialResponse() throws Exception {
        String plain = Base64.getEncoder().encodeToString(("\0" + Demo.USER + "\0" + demo.appPassword()).getBytes(UTF_8));
        try (RawImapClient client = RawImapClient.connectTls(implicitPort(), tls)) {
            client.greeting();
            client.sendLine("AUTH PLAIN " + plain);
            assertThat(client.readLine()).startsWith("+OK");

            client.sendLine("STAT");
            assertThat(client.readLine()).matches("\\+OK [1-9]\\d* \\d+");
        }
    }

    @Test
    void shouldRefuseEveryKindOfBadLoginWithTheSameLine() throws Exception {
        AccountService accounts = demo.gateway().accounts();
        String imapOnly = accounts.create(Demo.USER, "imap only", EnumSet.of(Scope.IMAP), null).password();
        TestSecrets.registerPassword(Demo.USER, imapOnly);
        String wrong = "wrong-" + demo.appPassword();

        assertThat(userPass(Demo.USER, imapOnly)).as("no pop3 scope").isEqualTo(REFUSED);
        assertThat(userPass(Demo.USER, wrong)).as("wrong password").isEqualTo(REFUSED);
        assertThat(userPass("nobody@localhost", wrong)).as("unknown user").isEqualTo(REFUSED);
    }

    private static String userPass(String user, String password) throws IOException {
        try (RawImapClient client = RawImapClient.connectTls(implicitPort(), tls)) {
            client.greeting();
            client.sendLine("USER " + user);
            assertThat(client.readLine()).startsWith("+OK");
            client.sendLine("PASS " + password);
            return client.readLine();
        }
    }
}
