package dev.postern.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.core.account.AccountService;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.ScriptedTokenAnswers;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.Components;
import dev.postern.server.Gateway;
import dev.postern.server.hostile.AuditCapture;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upstream-auth.mode: oauth2} end to end: a client logs in with an app password over IMAP and
 * SMTP, Postern obtains an application token from a real OAuth2 server (mock-oauth2-server in this
 * JVM, client-credentials grant with a client secret) and logs in to GreenMail by XOAUTH2, which
 * checks the token as the user's password. The token is above 2 KiB, as Microsoft's are: IMAP
 * carries it on the AUTHENTICATE line (SASL-IR). (SMTP sends a token that long after the
 * {@code 334} continuation, which GreenMail's XOAUTH2 does not take: SMTP with such a token is
 * tested against Dovecot and in {@code SmtpUpstreamLoginTest}; here SMTP gets a shorter one.)
 */
class OAuth2UpstreamIT {

    private static final String USER = "alice@example.test";
    private static final String CLIENT_SECRET = "oauth2-cl1ent-s3cret";
    /** A b64token of 2.4 KiB shaped like a JWT. */
    private static final String TOKEN = "eyJ0eXAiOiJKV1Qi." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new SecureRandom().generateSeed(1800)) + ".c2ln";
    private static final String SHORT_TOKEN = "eyJ0eXAiOiJKV1Qi." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new SecureRandom().generateSeed(120)) + ".c2ln";
    private static final String TOKEN_ANSWER = "{\"access_token\":\"" + TOKEN
            + "\",\"token_type\":\"Bearer\",\"expires_in\":3599}";

    @TempDir
    static Path folder;
    static GreenMail greenMail;
    static CertificateFiles certificate;
    static SSLContext clientTls;

    private final ScriptedTokenAnswers scripted = new ScriptedTokenAnswers();
    private MockOAuth2Server server;
    private Gateway gateway;
    private String appPassword;

    @BeforeAll
    static void startUpstream() throws Exception {
        TestSecrets.register(TOKEN);
        TestSecrets.register(SHORT_TOKEN);
        TestSecrets.register(CLIENT_SECRET);
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()});
        greenMail.start();
        greenMail.setUser(USER, USER, TOKEN);
        certificate = SelfSignedCertificates.writeTo(folder);
        clientTls = SelfSignedPem.clientContextTrusting(certificate.certificate());
        Files.writeString(folder.resolve("client.secret"), CLIENT_SECRET + "\n");
    }

    @AfterAll
    static void stopUpstream() {
        greenMail.stop();
    }

    @BeforeEach
    void startGateway() throws Exception {
        server = new MockOAuth2Server(scripted);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        Path config = folder.resolve("postern-" + System.nanoTime() + ".yml");
        Files.writeString(config, configuration());
        GatewayConfig loaded = ConfigLoader.load(config);
        gateway = Gateway.start(loaded);
        appPassword = new AccountService(gateway.store(), Components.passwordHashes(loaded), new SecureRandom(),
                InstantSource.system()).create(USER, "scanner " + System.nanoTime(), EnumSet.of(Scope.IMAP, Scope.SMTP), null)
                .password();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
        server.shutdown();
    }

    private String configuration() {
        return String.join("\n",
                "tls:",
                "  certificate: " + certificate.certificate().getFileName(),
                "  private-key: " + certificate.privateKey().getFileName(),
                "store:",
                "  sqlite: postern-" + System.nanoTime() + ".db",
                "auth:",
                "  failure-delay: 100ms",
                "imap:",
                "  listeners: [ { address: \"127.0.0.1:0\", tls: implicit } ]",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getImap().getPort() + "\", tls: none }",
                "smtp:",
                "  listeners: [ { address: \"127.0.0.1:0\", tls: implicit } ]",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getSmtp().getPort() + "\", tls: none }",
                "admin:",
                "  address: \"127.0.0.1:0\"",
                "upstream-auth:",
                "  mode: oauth2",
                "  oauth2:",
                "    provider: generic",
                "    grant: client-credentials",
                "    token-endpoint: " + server.tokenEndpointUrl("contoso").uri(),
                "    client-id: postern-app",
                "    client-secret-file: client.secret",
                "    scope: https://outlook.office365.com/.default",
                "");
    }

    @Test
    void shouldLogInUpstreamWithOneApplicationTokenOfMoreThan2KiBForEveryImapLogin() throws Exception {
        scripted.json(200, TOKEN_ANSWER);
        greenMail.setUser(USER, USER, TOKEN);

        int before = imapMessageCount();
        greenMail.getUserManager().getUser(USER).deliver(new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream("Subject: hello\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII))));

        assertThat(imapMessageCount()).isEqualTo(before + 1);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(URLDecoder.decode(request.getBody().readUtf8(), StandardCharsets.UTF_8))
                .contains("grant_type=client_credentials").contains("scope=https://outlook.office365.com/.default");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                ("postern-app:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(noFurtherRequest()).as("one token for both logins").isTrue();
    }

    @Test
    void shouldSubmitThroughSmtpWithTheApplicationToken() throws Exception {
        scripted.json(200, "{\"access_token\":\"" + SHORT_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3599}");
        greenMail.setUser(USER, USER, SHORT_TOKEN);
        int received = greenMail.getReceivedMessages().length;

        sendThroughSmtp("sent through postern with a token");

        assertThat(greenMail.waitForIncomingEmail(10_000, received + 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()[received].getSubject()).isEqualTo("sent through postern with a token");
    }

    @Test
    void shouldAnswerTheTemporaryRefusalWhenTheTokenEndpointRejectsTheClient() throws Exception {
        scripted.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret\"}");

        try (AuditCapture audit = new AuditCapture()) {
            String answer = rawImapLogin(appPassword);

            assertThat(answer).startsWith("a1 NO [UNAVAILABLE]");
            assertThat(audit.await(line -> line.contains("\"reason\":\"upstream_client_rejected\""), 1,
                    Duration.ofSeconds(5))).hasSize(1);
        }
    }

    @Test
    void shouldAnswerTheTemporaryRefusalWhenTheTokenEndpointIsDown() throws Exception {
        server.shutdown();

        try (AuditCapture audit = new AuditCapture()) {
            assertThat(rawImapLogin(appPassword)).startsWith("a1 NO [UNAVAILABLE]");
            assertThat(audit.await(line -> line.contains("\"reason\":\"upstream_token_unavailable\""), 1,
                    Duration.ofSeconds(5))).hasSize(1);
        }
    }

    @Test
    void shouldAnswerTheTemporaryRefusalWhenTheUpstreamRefusesTheToken() throws Exception {
        scripted.json(200, "{\"access_token\":\"not.the.token\",\"token_type\":\"Bearer\",\"expires_in\":3599}");

        try (AuditCapture audit = new AuditCapture()) {
            assertThat(rawImapLogin(appPassword)).startsWith("a1 NO [UNAVAILABLE]");
            assertThat(audit.await(line -> line.contains("\"reason\":\"upstream_credential_refused\""), 1,
                    Duration.ofSeconds(5))).hasSize(1);
        }
    }

    @Test
    void shouldRefuseAWrongAppPasswordWithoutAskingForAToken() throws Exception {
        assertThat(rawImapLogin("wrong-app-password")).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        assertThat(noFurtherRequest()).isTrue();
    }

    private int imapMessageCount() throws Exception {
        return ImapMessageCount.of(clientTls, gateway.addresses("imap").get(0).getPort(), USER, appPassword);
    }

    private void sendThroughSmtp(String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtps.auth", "true");
        properties.put("mail.smtps.ssl.socketFactory", clientTls.getSocketFactory());
        properties.put("mail.smtps.connectiontimeout", "10000");
        properties.put("mail.smtps.timeout", "10000");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(USER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        message.setSubject(subject);
        message.setText("Hello from a scanner.\r\n");
        try (Transport transport = session.getTransport("smtps")) {
            transport.connect("localhost", gateway.addresses("smtp").get(0).getPort(), USER, appPassword);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** Logs in over implicit TLS with IMAP LOGIN and returns the tagged answer. */
    private String rawImapLogin(String password) throws Exception {
        try (SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost",
                gateway.addresses("imap").get(0).getPort())) {
            socket.setSoTimeout(15_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write(("a1 LOGIN \"" + USER + "\" \"" + password + "\"\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("a1 ")) {
                    return line;
                }
            }
            return "(closed)";
        }
    }

    private boolean noFurtherRequest() {
        try {
            return server.takeRequest(300, TimeUnit.MILLISECONDS) == null;
        } catch (RuntimeException noneWithinTheTimeout) {
            return true;
        }
    }


}
