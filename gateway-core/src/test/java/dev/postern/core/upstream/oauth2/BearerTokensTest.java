package dev.postern.core.upstream.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.postern.core.auth.BoundedPool;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.testing.FakeClock;
import dev.postern.core.testing.ScriptedTokenAnswers;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.tls.KeyAlgorithm;
import dev.postern.core.tls.PemMaterial;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens from a real OAuth2 authorization server in the test JVM (navikt's
 * mock-oauth2-server): each grant's request, the cache, one request for concurrent logins, renewal
 * ahead of expiry on an injected clock, and every kind of trouble at the token endpoint.
 */
class BearerTokensTest {

    private static final String SCOPE = "https://outlook.office365.com/.default";
    private static final String CLIENT = "postern-app";
    private static final String CLIENT_SECRET = "cl1ent-s3cret-value";
    /** Generous: the server makes its signing key on its first token, on a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    private final FakeClock clock = new FakeClock();
    private final ScriptedTokenAnswers scripted = new ScriptedTokenAnswers();
    private MockOAuth2Server server;
    private URI endpoint;
    private ThreadPoolExecutor pool;

    @BeforeEach
    void setUp() throws Exception {
        TestSecrets.register(CLIENT_SECRET);
        server = new MockOAuth2Server(scripted);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        endpoint = server.tokenEndpointUrl("tenant").uri();
        pool = BoundedPool.create("oauth2-test", 2, 16);
    }

    @AfterEach
    void tearDown() {
        server.shutdown();
        pool.shutdownNow();
    }

    private BearerTokens tokens(TokenGrant grant) {
        return new BearerTokens(grant, new TokenEndpoint(TIMEOUT, null, clock), pool, clock, OAuth2Config.Mechanism.AUTO);
    }

    private BearerTokens secretTokens() {
        return tokens(ApplicationTokenGrant.withSecret(endpoint, CLIENT, SCOPE, CLIENT_SECRET, false));
    }

    private static String token(BearerTokens tokens, String user) throws Exception {
        UpstreamCredential credential = tokens.forUser(user).get(20, TimeUnit.SECONDS);
        assertThat(credential).isInstanceOf(UpstreamCredential.Bearer.class);
        return ((UpstreamCredential.Bearer) credential).token();
    }

    private static UpstreamFailure failure(BearerTokens tokens, String user) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> tokens.forUser(user).get(20, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UpstreamFailure.class);
        return (UpstreamFailure) thrown.getCause();
    }

    private RecordedRequest request() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a token request").isNotNull();
        return request;
    }

    private void assertNoFurtherRequest() {
        RecordedRequest further;
        try {
            further = server.takeRequest(300, TimeUnit.MILLISECONDS);
        } catch (RuntimeException noneWithinTheTimeout) {
            further = null;
        }
        assertThat(further).as("no further token request").isNull();
    }

    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new HashMap<>();
        for (String pair : request.getBody().readUtf8().split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private void answer(int status, String body) {
        scripted.json(status, body);
    }

    @Test
    void shouldFetchTheApplicationTokenWithTheClientSecretOnceForEveryMailbox() throws Exception {
        BearerTokens tokens = secretTokens();

        String forAlice = token(tokens, "alice@example.test");
        String forBob = token(tokens, "bob@example.test");

        RecordedRequest request = request();
        Map<String, String> form = form(request);
        assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("scope", SCOPE)
                .doesNotContainKey("client_secret");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((CLIENT + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(SignedJWT.parse(forAlice).getJWTClaimsSet().getIssuer()).isEqualTo(server.issuerUrl("tenant").toString());
        assertThat(forBob).isEqualTo(forAlice);
        assertNoFurtherRequest();
    }

    @Test
    void shouldSendTheClientSecretInTheBodyWhenAskedTo() throws Exception {
        token(tokens(ApplicationTokenGrant.withSecret(endpoint, CLIENT, SCOPE, CLIENT_SECRET, true)), "alice@example.test");

        RecordedRequest request = request();
        assertThat(request.getHeader("Authorization")).isNull();
        assertThat(form(request)).containsEntry("client_id", CLIENT).containsEntry("client_secret", CLIENT_SECRET);
    }

    @Test
    void shouldProveTheClientWithAnAssertionSignedByTheCertificateKey() throws Exception {
        PemMaterial certificate = SelfSignedCertificates.builder().names("postern-app").keyAlgorithm(KeyAlgorithm.RSA_2048)
                .generate();

        token(tokens(ApplicationTokenGrant.withCertificate(endpoint, CLIENT, SCOPE, certificate)), "alice@example.test");

        Map<String, String> form = form(request());
        assertThat(form).containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .doesNotContainKey("client_secret");
        SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) certificate.leaf().getPublicKey()))).isTrue();
        assertThat(assertion.getHeader().getX509CertSHA256Thumbprint()).isEqualTo(Base64URL.encode(
                MessageDigest.getInstance("SHA-256").digest(certificate.leaf().getEncoded())));
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo(CLIENT);
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo(CLIENT);
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(endpoint.toString());
    }

    @Test
    void shouldSignTheClientAssertionWithAnEcKeyToo() throws Exception {
        PemMaterial certificate = SelfSignedCertificates.builder().names("postern-app").keyAlgorithm(KeyAlgorithm.EC_P256)
                .generate();

        token(tokens(ApplicationTokenGrant.withCertificate(endpoint, CLIENT, SCOPE, certificate)), "alice@example.test");

        SignedJWT assertion = SignedJWT.parse(form(request()).get("client_assertion"));
        assertThat(assertion.verify(new ECDSAVerifier((ECPublicKey) certificate.leaf().getPublicKey()))).isTrue();
    }

    @Test
    void shouldAskForOneTokenPerMailboxWithAServiceAccountAssertion() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        ServiceAccountKey key = new ServiceAccountKey("postern@project.iam.gserviceaccount.com", "k1",
                (RSAPrivateKey) pair.getPrivate());
        BearerTokens tokens = tokens(new ServiceAccountGrant(endpoint, key, "https://mail.google.com/", true, clock));

        String forAlice = token(tokens, "alice@example.test");
        String forBob = token(tokens, "bob@example.test");

        SignedJWT assertion = SignedJWT.parse(form(request()).get("assertion"));
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("k1");
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("postern@project.iam.gserviceaccount.com");
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("alice@example.test");
        assertThat(assertion.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("https://mail.google.com/");
        assertThat(assertion.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(
                ServiceAccountGrant.ASSERTION_LIFETIME).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(SignedJWT.parse(form(request()).get("assertion")).getJWTClaimsSet().getSubject())
                .isEqualTo("bob@example.test");
        assertThat(SignedJWT.parse(forAlice).getJWTClaimsSet().getSubject()).isEqualTo("alice@example.test");
        assertThat(SignedJWT.parse(forBob).getJWTClaimsSet().getSubject()).isEqualTo("bob@example.test");
        assertThat(token(tokens, "alice@example.test")).isEqualTo(forAlice);
        assertNoFurtherRequest();
    }

    @Test
    void shouldAskOnceWhileManyLoginsWaitForTheSameToken() throws Exception {
        scripted.add(200, "application/json",
                "{\"access_token\":\"slow.token.value\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
                Duration.ofMillis(300));
        BearerTokens tokens = secretTokens();

        List<CompletableFuture<UpstreamCredential>> logins = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            logins.add(tokens.forUser("user" + i + "@example.test"));
        }

        for (CompletableFuture<UpstreamCredential> login : logins) {
            assertThat(((UpstreamCredential.Bearer) login.get(5, TimeUnit.SECONDS)).token()).isEqualTo("slow.token.value");
        }
        request();
        assertNoFurtherRequest();
    }

    @Test
    void shouldRenewATokenInTheBackgroundBeforeItExpires() throws Exception {
        BearerTokens tokens = secretTokens();
        String first = token(tokens, "alice@example.test");
        request();

        clock.advance(Duration.ofMinutes(54));
        assertThat(token(tokens, "alice@example.test")).isEqualTo(first);
        assertNoFurtherRequest();

        clock.advance(Duration.ofMinutes(2)); // 4 minutes left: within the last 5
        CompletableFuture<UpstreamCredential> stillGood = tokens.forUser("alice@example.test");
        assertThat(stillGood).isCompleted();
        assertThat(((UpstreamCredential.Bearer) stillGood.get()).token()).isEqualTo(first);
        request();
        String renewed = awaitNewToken(tokens, first);

        assertThat(SignedJWT.parse(renewed).getJWTClaimsSet().getIssuer()).isEqualTo(server.issuerUrl("tenant").toString());
    }

    @Test
    void shouldNotHandOutATokenInItsLastMinute() throws Exception {
        answer(200, "{\"access_token\":\"first.token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        answer(200, "{\"access_token\":\"second.token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        BearerTokens tokens = secretTokens();
        assertThat(token(tokens, "alice@example.test")).isEqualTo("first.token");

        clock.advance(Duration.ofMinutes(59).plusSeconds(30));

        assertThat(token(tokens, "alice@example.test")).isEqualTo("second.token");
    }

    @Test
    void shouldRefuseAndHoldARevokedGrant() throws Exception {
        answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS65001: consent withdrawn\"}");
        BearerTokens tokens = secretTokens();

        UpstreamFailure first = failure(tokens, "alice@example.test");
        request();
        UpstreamFailure again = failure(tokens, "alice@example.test");

        assertThat(first.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_REVOKED);
        assertThat(first.getMessage()).contains("HTTP 400 invalid_grant: AADSTS65001: consent withdrawn")
                .contains(endpoint.toString()).doesNotContain(CLIENT_SECRET);
        assertThat(again.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_REVOKED);
        assertNoFurtherRequest();

        clock.advance(BearerTokens.REFUSAL_HOLD.plusSeconds(1));
        token(tokens, "alice@example.test");
        request();
    }

    @Test
    void shouldTellARejectedClientApart() throws Exception {
        answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret\"}");

        UpstreamFailure failure = failure(secretTokens(), "alice@example.test");

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CLIENT_REJECTED);
        assertThat(failure.getMessage()).contains("invalid_client").contains("AADSTS7000215");
    }

    @Test
    void shouldCallAServerErrorUnavailableAndTryAgainAtTheNextLogin() throws Exception {
        scripted.add(503, "text/html", "<html>Service Unavailable</html>");
        BearerTokens tokens = secretTokens();

        UpstreamFailure failure = failure(tokens, "alice@example.test");
        request();

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("HTTP 503");
        token(tokens, "alice@example.test");
        request();
    }

    @Test
    void shouldCallAnAnswerThatIsNotATokenResponseUnavailable() {
        answer(200, "{\"access_token\": ");

        UpstreamFailure failure = failure(secretTokens(), "alice@example.test");

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("HTTP 200, not a token response");
    }

    @Test
    void shouldGiveUpOnASlowEndpointAfterTheTimeout() {
        scripted.add(200, "application/json", "{}", Duration.ofSeconds(3));
        BearerTokens tokens = new BearerTokens(ApplicationTokenGrant.withSecret(endpoint, CLIENT, SCOPE, CLIENT_SECRET, false),
                new TokenEndpoint(SHORT_TIMEOUT, null, clock), pool, clock, OAuth2Config.Mechanism.AUTO);

        UpstreamFailure failure = failure(tokens, "alice@example.test");

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("no answer within 1 s");
    }

    @Test
    void shouldCallAnEndpointThatIsDownUnavailable() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/token");
        }

        UpstreamFailure failure = failure(tokens(ApplicationTokenGrant.withSecret(closed, CLIENT, SCOPE, CLIENT_SECRET,
                false)), "alice@example.test");

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("unreachable");
    }

    @Test
    void shouldRefuseAtOnceWhenThePoolIsFull() {
        BearerTokens tokens = new BearerTokens(ApplicationTokenGrant.withSecret(endpoint, CLIENT, SCOPE, CLIENT_SECRET, false),
                new TokenEndpoint(TIMEOUT, null, clock), task -> {
                    throw new java.util.concurrent.RejectedExecutionException("full");
                }, clock, OAuth2Config.Mechanism.AUTO);

        CompletableFuture<UpstreamCredential> login = tokens.forUser("alice@example.test");

        assertThat(login).isCompletedExceptionally();
        assertThat(failure(tokens, "alice@example.test").getMessage()).contains("pool is full");
    }

    @Test
    void shouldNeverShowATokenOrASecret() throws Exception {
        BearerTokens tokens = secretTokens();
        UpstreamCredential credential = tokens.forUser("alice@example.test").get(5, TimeUnit.SECONDS);
        String token = ((UpstreamCredential.Bearer) credential).token();

        assertThat(credential.toString()).doesNotContain(token);
        assertThat(tokens.toString()).doesNotContain(CLIENT_SECRET).contains(CLIENT);
    }

    private String awaitNewToken(BearerTokens tokens, String old) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String current = token(tokens, "alice@example.test");
        while (current.equals(old) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            current = token(tokens, "alice@example.test");
        }
        assertThat(current).as("the renewed token").isNotEqualTo(old);
        return current;
    }
}
