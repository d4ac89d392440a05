package dev.postern.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.DovecotServer;
import dev.postern.core.testing.ScriptedTokenAnswers;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.Components;
import dev.postern.server.Gateway;
import dev.postern.server.hostile.AuditCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code upstream-auth.mode: oauth2} against a real Dovecot 2.3 that checks bearer tokens with its
 * {@code oauth2} passdb: Postern signs a JWT-bearer assertion with a service-account key (Google's
 * key file format), the OAuth2 server in this JVM (mock-oauth2-server) issues a token for the
 * mailbox, Postern presents it by XOAUTH2 or OAUTHBEARER over IMAP and submission, and Dovecot
 * asks the same server's introspection endpoint whether the token is active and whose it is. Every
 * party uses {@code 127.0.0.1}: the OAuth2 server names its issuer after the host it was asked at.
 */
class DovecotOAuth2IT {

    private static final String USER = "dora";
    private static final String ISSUER = "workspace";

    @TempDir
    static Path folder;
    private static final ScriptedTokenAnswers SCRIPTED = new ScriptedTokenAnswers();
    private static MockOAuth2Server oauth2;
    private static DovecotServer dovecot;
    private static CertificateFiles certificate;
    private static SSLContext clientTls;

    @BeforeAll
    static void start() throws Exception {
        oauth2 = new MockOAuth2Server(SCRIPTED);
        oauth2.start(InetAddress.getByName("127.0.0.1"), 0);
        String introspection = oauth2.url(ISSUER + "/introspect").newBuilder().host("127.0.0.1").username("dovecot")
                .password("introspect").build().toString();
        dovecot = DovecotServer.builder(folder.resolve("dovecot")).user(USER, "dora-unused-Passw0rd").imaps(false)
                .submission(true).oauth2Introspection(introspection).start();
        certificate = SelfSignedCertificates.writeTo(folder);
        clientTls = SelfSignedPem.clientContextTrusting(certificate.certificate());
        Files.writeString(folder.resolve("sa.json"), serviceAccountKey());
    }

    @AfterAll
    static void stop() {
        if (dovecot != null) {
            dovecot.close();
        }
        if (oauth2 != null) {
            oauth2.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xoauth2", "oauthbearer"})
    void shouldLogInToDovecotWithATokenItIntrospectsOverImapAndSubmission(String mechanism) throws Exception {
        try (Running gateway = gateway(mechanism)) {
            assertThat(imapLogin(gateway, gateway.appPassword)).startsWith("a1 OK");
            assertThat(smtpLogin(gateway, gateway.appPassword)).startsWith("235");
        }
        String method = "method=" + mechanism.toUpperCase(java.util.Locale.ROOT);
        assertThat(dovecot.awaitLogLine(l -> l.contains("imap-login: Info: Login: user=<" + USER + ">")
                && l.contains(method), Duration.ofSeconds(10))).isNotNull();
        assertThat(dovecot.awaitLogLine(l -> l.contains("submission-login: Info: Login: user=<" + USER + ">")
                && l.contains(method), Duration.ofSeconds(10))).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void shouldCarryATokenOfMoreThan2KiBToDovecotsSubmissionAfterTheContinuation() throws Exception {
        String token = token(ISSUER, Map.of("sub", USER, "padding", "p".repeat(1900)));
        assertThat(token.length()).isGreaterThan(2048);
        SCRIPTED.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");

        try (Running gateway = gateway("xoauth2")) {
            assertThat(smtpLogin(gateway, gateway.appPassword)).startsWith("235");
            assertThat(imapLogin(gateway, gateway.appPassword)).startsWith("a1 OK");
        }
    }

    @org.junit.jupiter.api.Test
    void shouldAnswerTheTemporaryRefusalWhenDovecotFindsTheTokenInactive() throws Exception {
        String foreign = token("another-issuer", Map.of("sub", USER));
        SCRIPTED.json(200, "{\"access_token\":\"" + foreign + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");

        try (Running gateway = gateway("oauthbearer"); AuditCapture audit = new AuditCapture()) {
            assertThat(imapLogin(gateway, gateway.appPassword)).startsWith("a1 NO [UNAVAILABLE]");
            assertThat(audit.await(line -> line.contains("\"reason\":\"upstream_credential_refused\""), 1,
                    Duration.ofSeconds(5))).hasSize(1);
        }
    }

    /** A token signed by the OAuth2 server's key for {@code issuer}, as issued at {@code 127.0.0.1}. */
    private static String token(String issuer, Map<String, Object> claims) {
        String token = oauth2.anyToken(oauth2.issuerUrl(issuer).newBuilder().host("127.0.0.1").build(), claims,
                Duration.ofHours(1)).serialize();
        TestSecrets.register(token);
        return token;
    }

    private static Running gateway(String mechanism) throws Exception {
        String name = mechanism + "-" + System.nanoTime();
        Path config = folder.resolve("postern-" + name + ".yml");
        Files.writeString(config, String.join("\n",
                "tls:",
                "  certificate: " + certificate.certificate().getFileName(),
                "  private-key: " + certificate.privateKey().getFileName(),
                "store:",
                "  sqlite: postern-" + name + ".db",
                "auth:",
                "  failure-delay: 0s",
                "imap:",
                "  listeners: [ { address: \"127.0.0.1:0\", tls: implicit } ]",
                "  upstream: { address: \"127.0.0.1:" + dovecot.imapPort() + "\", tls: none, login-timeout: 10s }",
                "smtp:",
                "  listeners: [ { address: \"127.0.0.1:0\", tls: implicit } ]",
                "  upstream: { address: \"127.0.0.1:" + dovecot.submissionPort() + "\", tls: none, login-timeout: 10s }",
                "admin:",
                "  address: \"127.0.0.1:0\"",
                "upstream-auth:",
                "  mode: oauth2",
                "  oauth2:",
                "    provider: generic",
                "    grant: jwt-bearer",
                "    token-endpoint: " + oauth2.tokenEndpointUrl(ISSUER).newBuilder().host("127.0.0.1").build(),
                "    service-account-key-file: sa.json",
                "    scope: mail",
                "    mechanism: " + mechanism,
                ""));
        GatewayConfig loaded = ConfigLoader.load(config);
        Gateway gateway = Gateway.start(loaded);
        String password = new AccountService(gateway.store(), Components.passwordHashes(loaded), new SecureRandom(),
                InstantSource.system()).create(USER, "interop " + mechanism, EnumSet.of(Scope.IMAP, Scope.SMTP), null)
                .password();
        return new Running(gateway, password);
    }

    private record Running(Gateway gateway, String appPassword) implements AutoCloseable {
        @Override
        public void close() {
            gateway.close();
        }
    }

    private static String imapLogin(Running running, String password) throws IOException {
        try (SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost",
                running.gateway().addresses("imap").get(0).getPort())) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write(("a1 LOGIN " + USER + " \"" + password + "\"\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("a1 ")) {
                    return line;
                }
            }
            return "(closed)";
        }
    }

    private static String smtpLogin(Running running, String password) throws IOException {
        try (SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost",
                running.gateway().addresses("smtp").get(0).getPort())) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.startsWith("250-"));
            String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
            out.write(("AUTH PLAIN " + plain + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return String.valueOf(in.readLine());
        }
    }

    private static String serviceAccountKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        TestSecrets.register(pem.lines().skip(1).findFirst().orElseThrow());
        return "{\"type\": \"service_account\", \"client_email\": \"postern@interop.iam.gserviceaccount.com\","
                + " \"private_key_id\": \"k1\", \"private_key\": \"" + pem.replace("\n", "\\n") + "\"}";
    }

}
