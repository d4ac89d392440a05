package dev.postern.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.HeadlessBrowser;
import dev.postern.core.testing.ScriptedTokenAnswers;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.core.upstream.oauth2.Pause;
import dev.postern.server.Gateway;
import dev.postern.server.cli.ExitCodes;
import dev.postern.server.cli.InteractiveRun;
import dev.postern.server.hostile.AuditCapture;
import jakarta.mail.Session;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The per-user delegated token end to end: a user connected with {@code postern users connect}
 * (authorization code flow with PKCE at a real OAuth2 server in this JVM, mock-oauth2-server) logs
 * in through IMAP with an app password, and the running gateway redeems the stored refresh token
 * and logs in to GreenMail by XOAUTH2 with the access token it got (GreenMail checks the token as
 * the user's password, so the refresh is answered with that token). Then the provider revokes the
 * consent: the login gets the temporary refusal, the user is marked, and no further request is
 * made for it; a user never connected is refused without one.
 */
class OAuth2RefreshTokenIT {

    private static final String USER = "alice@example.test";
    private static final String NEVER_CONNECTED = "bob@example.test";
    private static final String ISSUER = "contoso";
    /** The access token the refresh is answered with: GreenMail's password for the user. */
    private static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1Qi." + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new SecureRandom().generateSeed(600)) + ".c2ln";
    private static final String ROTATED = "rotated-Refresh-" + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new SecureRandom().generateSeed(24));

    @TempDir
    static Path folder;
    static GreenMail greenMail;
    static CertificateFiles certificate;
    static SSLContext clientTls;

    private final ScriptedTokenAnswers scripted = new ScriptedTokenAnswers();
    private MockOAuth2Server server;
    private Gateway gateway;
    private Path config;
    private Path store;
    private String appPassword;

    @BeforeAll
    static void startUpstream() throws Exception {
        TestSecrets.register(ACCESS_TOKEN);
        TestSecrets.register(ROTATED);
        greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        greenMail.start();
        greenMail.setUser(USER, USER, ACCESS_TOKEN);
        certificate = SelfSignedCertificates.writeTo(folder);
        clientTls = SelfSignedPem.clientContextTrusting(certificate.certificate());
        SecretSealer.createKeyFile(folder.resolve("upstream.key"), new SecureRandom());
    }

    @AfterAll
    static void stopUpstream() {
        greenMail.stop();
    }

    @BeforeEach
    void startGateway() throws Exception {
        server = new MockOAuth2Server(scripted);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        store = folder.resolve("postern-" + System.nanoTime() + ".db");
        config = Files.writeString(folder.resolve("postern-" + System.nanoTime() + ".yml"), configuration());
        GatewayConfig loaded = ConfigLoader.load(config);
        gateway = Gateway.start(loaded);
        appPassword = gateway.accounts().create(USER, "scanner", EnumSet.of(Scope.IMAP), null).password();
        TestSecrets.registerPassword(USER, appPassword);
        gateway.accounts().addUser(NEVER_CONNECTED);
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
                "  sqlite: " + store.getFileName(),
                "auth:",
                "  failure-delay: 100ms",
                "imap:",
                "  listeners: [ { address: \"127.0.0.1:0\", tls: implicit } ]",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getImap().getPort() + "\", tls: none }",
                "admin:",
                "  address: \"127.0.0.1:0\"",
                "upstream-auth:",
                "  mode: oauth2",
                "  key-file: upstream.key",
                "  oauth2:",
                "    provider: generic",
                "    grant: refresh-token",
                "    token-endpoint: " + server.tokenEndpointUrl(ISSUER),
                "    authorization-endpoint: " + server.authorizationEndpointUrl(ISSUER),
                "    client-id: postern-desktop",
                "    scope: openid email https://outlook.office365.com/IMAP.AccessAsUser.All offline_access",
                "    mechanism: xoauth2",
                "");
    }

    /** {@code postern users connect USER}, the person opening the printed address; the refresh token issued. */
    private String connect() throws Exception {
        try (InteractiveRun run = InteractiveRun.start(Pause.SLEEP, "users", "connect", USER, "--config",
                config.toString())) {
            String redirect = HeadlessBrowser.redirectOf(run.nextLine());
            TestSecrets.register(form(java.net.URI.create(redirect).getRawQuery()).get("code"));
            run.type(redirect);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        }
        List<Map<String, String>> redeemed = tokenRequests();
        assertThat(redeemed).singleElement().satisfies(body -> assertThat(body)
                .containsEntry("grant_type", "authorization_code").containsKey("code_verifier"));
        TestSecrets.register(redeemed.get(0).get("code_verifier"));
        String refreshToken = storedRefreshToken();
        TestSecrets.register(refreshToken);
        return refreshToken;
    }

    private String storedRefreshToken() {
        byte[] sealed = gateway.store().upstreamConnection(USER).orElseThrow().sealedRefreshToken();
        return new String(SecretSealer.fromKeyFile(folder.resolve("upstream.key")).open(sealed, USER),
                StandardCharsets.UTF_8);
    }

    @Test
    void shouldLogInThroughImapWithTheTokenOfTheStoredRefreshTokenAndStoreItsRotation() throws Exception {
        String consented = connect();
        scripted.json(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3599,"
                + "\"refresh_token\":\"" + ROTATED + "\"}");
        greenMail.getUserManager().getUser(USER).deliver(new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream("Subject: hello\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII))));

        int first = imapMessageCount();
        int second = imapMessageCount();

        assertThat(first).isPositive().isEqualTo(second);
        assertThat(tokenRequests()).as("one refresh for both logins").singleElement().satisfies(body -> assertThat(body)
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", consented)
                .containsEntry("client_id", "postern-desktop"));
        assertThat(storedRefreshToken()).isEqualTo(ROTATED);
    }

    @Test
    void shouldRefuseForAWhileAndAskNoMoreOnceTheProviderRevokedTheConsent() throws Exception {
        connect();
        scripted.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50173: The provided grant has"
                + " expired due to it being revoked\"}");

        try (AuditCapture audit = new AuditCapture()) {
            assertThat(rawImapLogin(USER, appPassword)).startsWith("a1 NO [UNAVAILABLE]");
            assertThat(audit.await(line -> line.contains("\"reason\":\"upstream_token_revoked\""), 1,
                    Duration.ofSeconds(10))).hasSize(1);
        }
        assertThat(tokenRequests()).hasSize(1);
        assertThat(gateway.store().findUser(USER).orElseThrow().connection().needsReconnect()).isTrue();

        // the next login: the same refusal, and no request for the user until it connects again
        try (AuditCapture audit = new AuditCapture()) {
            assertThat(rawImapLogin(USER, appPassword)).startsWith("a1 NO [UNAVAILABLE]");
            assertThat(audit.await(line -> line.contains("\"reason\":\"upstream_token_revoked\""), 1,
                    Duration.ofSeconds(10))).hasSize(1);
        }
        assertThat(tokenRequests()).isEmpty();

        // when: the user connects again in this process (as the portal will), the next login is served at once
        String reconnected = "reconnected-Refresh-token-" + System.nanoTime();
        TestSecrets.register(reconnected);
        gateway.accounts().connectUpstream(USER, reconnected, SecretSealer.fromKeyFile(folder.resolve("upstream.key")));
        scripted.json(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3599}");

        assertThat(imapMessageCount()).isNotNegative();
        assertThat(tokenRequests()).singleElement().satisfies(body -> assertThat(body)
                .containsEntry("refresh_token", reconnected));
        assertThat(gateway.store().findUser(USER).orElseThrow().connection().needsReconnect()).isFalse();
    }

    @Test
    void shouldRefuseAUserWhoNeverConnectedWithoutAskingTheProvider() throws Exception {
        String password = gateway.accounts().create(NEVER_CONNECTED, "phone", EnumSet.of(Scope.IMAP), null).password();
        TestSecrets.registerPassword(NEVER_CONNECTED, password);

        try (AuditCapture audit = new AuditCapture()) {
            assertThat(rawImapLogin(NEVER_CONNECTED, password)).startsWith("a1 NO [UNAVAILABLE]");
            assertThat(audit.await(line -> line.contains("\"reason\":\"upstream_not_connected\""), 1,
                    Duration.ofSeconds(10))).hasSize(1);
        }
        assertThat(tokenRequests()).isEmpty();
    }

    private int imapMessageCount() throws Exception {
        return ImapMessageCount.of(clientTls, gateway.addresses("imap").get(0).getPort(), USER, appPassword);
    }

    /** Logs in over implicit TLS with IMAP LOGIN and returns the tagged answer. */
    private String rawImapLogin(String user, String password) throws Exception {
        try (SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost",
                gateway.addresses("imap").get(0).getPort())) {
            socket.setSoTimeout(15_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write(("a1 LOGIN \"" + user + "\" \"" + password + "\"\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("a1 ")) {
                    return line;
                }
            }
            return "(closed)";
        }
    }

    /** The token requests the server received since the last call, as form bodies. */
    private List<Map<String, String>> tokenRequests() {
        List<Map<String, String>> bodies = new ArrayList<>();
        while (true) {
            RecordedRequest request;
            try {
                request = server.takeRequest(300, TimeUnit.MILLISECONDS);
            } catch (RuntimeException noneWithinTheTimeout) {
                request = null;
            }
            if (request == null) {
                return bodies;
            }
            if (request.getPath() != null && request.getPath().endsWith("/token")) {
                bodies.add(form(request.getBody().readUtf8()));
            }
        }
    }

    private static Map<String, String> form(String text) {
        Map<String, String> form = new HashMap<>();
        for (String pair : text == null ? new String[0] : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
