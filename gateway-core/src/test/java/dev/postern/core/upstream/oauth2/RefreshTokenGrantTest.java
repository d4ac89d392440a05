package dev.postern.core.upstream.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.account.AccountService;
import dev.postern.core.auth.BoundedPool;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.config.OAuth2Provider;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.FakeClock;
import dev.postern.core.testing.HeadlessBrowser;
import dev.postern.core.testing.ScriptedTokenAnswers;
import dev.postern.core.testing.SteppedExecutor;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-user tokens from the refresh token of each user's own consent, against a real authorization
 * server in the test JVM (mock-oauth2-server, rotating refresh tokens) and a real SQLite store: the
 * stored token is used and its rotation stored, {@code invalid_grant} marks the user and stops the
 * requests, a user never connected gets no request, and two gateways rotating at once keep the
 * newer token.
 */
class RefreshTokenGrantTest {

    private static final String ALICE = "alice@example.test";
    private static final String BOB = "bob@example.test";
    private static final String ISSUER = "default";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final ScriptedTokenAnswers scripted = new ScriptedTokenAnswers();
    private final List<String> told = new CopyOnWriteArrayList<>();
    private MockOAuth2Server server;
    private SqliteStore store;
    private SecretSealer sealer;
    private AccountService accounts;
    private ThreadPoolExecutor storePool;
    private ThreadPoolExecutor tokenPool;
    private OAuth2Config config;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockOAuth2Server(new no.nav.security.mock.oauth2.OAuth2Config(false, null, null, true), scripted);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        store = SqliteStore.open(dir.resolve("postern.db"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        sealer = SecretSealer.ofKey(key, new SecureRandom());
        accounts = new AccountService(store, new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom()),
                new SecureRandom(), InstantSource.system(), told::add);
        storePool = BoundedPool.create("store-test", 2, 16);
        tokenPool = BoundedPool.create("oauth2-test", 2, 16);
        config = new OAuth2Config(OAuth2Provider.GENERIC, OAuth2Config.Grant.REFRESH_TOKEN,
                server.tokenEndpointUrl(ISSUER).uri(), "postern-desktop", null, null, null, null,
                "openid email mail offline_access", OAuth2Config.Mechanism.AUTO, null, Duration.ofSeconds(10),
                new OAuth2Config.Consent(server.authorizationEndpointUrl(ISSUER).uri(), URI.create("http://localhost"),
                        null));
        accounts.addUser(ALICE);
        accounts.addUser(BOB);
    }

    @AfterEach
    void tearDown() {
        server.shutdown();
        tokenPool.shutdownNow();
        storePool.shutdownNow();
        store.close();
    }

    private BearerTokens tokens(Executor consentPool) {
        return BearerTokens.from(config, tokenPool, clock, new UserConsents(store, accounts, sealer, consentPool));
    }

    /** The user's consent, given in the mock's browser, stored as {@code users connect} stores it; the refresh token. */
    private String connect(String user) throws Exception {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, user, "JWT", List.of("postern-desktop"),
                Map.of("email", user), 3600));
        UpstreamConsent.InBrowser browser = UpstreamConsent.of(config).inBrowser(user);
        String redirect = HeadlessBrowser.redirectOf(browser.authorizationUri().toString());
        TestSecrets.register(query(redirect, "code"));
        UpstreamConsent.Connected connected = browser.finish(redirect);
        TestSecrets.register(connected.refreshToken());
        accounts.connectUpstream(user, connected.refreshToken(), sealer);
        drainRequests();
        return connected.refreshToken();
    }

    private String storedRefreshToken(String user) {
        UpstreamConnection connection = store.upstreamConnection(user).orElseThrow();
        return new String(sealer.open(connection.sealedRefreshToken(), user), StandardCharsets.UTF_8);
    }

    private static String token(CompletableFuture<UpstreamCredential> credential) throws Exception {
        String token = ((UpstreamCredential.Bearer) credential.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).token();
        TestSecrets.register(token);
        return token;
    }

    private static UpstreamFailure failure(CompletableFuture<UpstreamCredential> credential) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> credential.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UpstreamFailure.class);
        return (UpstreamFailure) thrown.getCause();
    }

    /** Every request the server received since the last call, as their form bodies (token requests only). */
    private List<Map<String, String>> drainRequests() {
        List<Map<String, String>> bodies = new ArrayList<>();
        RecordedRequest request;
        while ((request = takeRequest()) != null) {
            if (request.getPath() != null && request.getPath().contains("/token")) {
                bodies.add(form(request.getBody().readUtf8()));
            }
        }
        return bodies;
    }

    private RecordedRequest takeRequest() {
        try {
            return server.takeRequest(300, TimeUnit.MILLISECONDS);
        } catch (RuntimeException noneWithinTheTimeout) {
            return null;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String query(String address, String parameter) {
        return form(URI.create(address).getRawQuery()).get(parameter);
    }

    @Test
    void shouldRefreshWithTheStoredTokenAndStoreTheOneItWasRotatedTo() throws Exception {
        String consented = connect(ALICE);
        long connectedVersion = store.upstreamConnection(ALICE).orElseThrow().version();
        BearerTokens tokens = tokens(storePool);

        String first = token(tokens.forUser(ALICE));
        String again = token(tokens.forUser(ALICE));

        List<Map<String, String>> requests = drainRequests();
        assertThat(requests).as("one refresh for two logins").hasSize(1);
        assertThat(requests.get(0)).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", consented)
                .containsEntry("client_id", "postern-desktop").containsEntry("scope", "openid email mail offline_access");
        assertThat(again).isEqualTo(first);
        String rotated = storedRefreshToken(ALICE);
        TestSecrets.register(rotated);
        assertThat(rotated).isNotEqualTo(consented);
        assertThat(store.upstreamConnection(ALICE).orElseThrow().version()).isEqualTo(connectedVersion + 1);
        assertThat(told).as("a rotation is no account change").containsExactly(ALICE, BOB, ALICE);

        // when: the access token expires, the next refresh uses the rotated refresh token, which the server takes
        clock.advance(Duration.ofHours(2));
        String renewed = token(tokens.forUser(ALICE));

        assertThat(drainRequests()).singleElement().satisfies(request ->
                assertThat(request).containsEntry("refresh_token", rotated));
        assertThat(renewed).isNotEqualTo(first);
        assertThat(storedRefreshToken(ALICE)).isNotEqualTo(rotated);
    }

    @Test
    void shouldMarkTheUserOnInvalidGrantAndAskNoMoreUntilTheUserConnectsAgain() throws Exception {
        connect(ALICE);
        BearerTokens tokens = tokens(storePool);
        scripted.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: The refresh token has"
                + " expired due to inactivity.\"}");
        told.clear();

        UpstreamFailure refused = failure(tokens.forUser(ALICE));

        assertThat(refused.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_REVOKED);
        assertThat(drainRequests()).hasSize(1);
        UpstreamConnection marked = store.upstreamConnection(ALICE).orElseThrow();
        assertThat(marked.needsReconnect()).isTrue();
        assertThat(marked.needsReconnectReason()).contains("invalid_grant: AADSTS70008");
        assertThat(told).containsExactly(ALICE);

        // when: logins go on, past the time a refusal is held in memory
        clock.advance(BearerTokens.REFUSAL_HOLD.plusSeconds(1));
        UpstreamFailure later = failure(tokens.forUser(ALICE));
        clock.advance(BearerTokens.REFUSAL_HOLD.plusSeconds(1));
        UpstreamFailure evenLater = failure(tokens.forUser(ALICE));

        // then: refused from the store's mark, without a request
        assertThat(later.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_REVOKED);
        assertThat(later.getMessage()).contains(ALICE + " must connect the upstream again")
                .contains("run: postern users connect " + ALICE);
        assertThat(evenLater.kind()).isEqualTo(UpstreamFailure.Kind.TOKEN_REVOKED);
        assertThat(drainRequests()).as("no token request for a user who must reconnect").isEmpty();

        // when: the user connects again (the serving process forgets what it held for the user)
        connect(ALICE);
        tokens.forget(ALICE);

        token(tokens.forUser(ALICE));
        assertThat(drainRequests()).hasSize(1);
        assertThat(store.upstreamConnection(ALICE).orElseThrow().needsReconnect()).isFalse();
    }

    @Test
    void shouldAnswerAUserWhoNeverConnectedWithoutARequestAndWithoutHoldingIt() throws Exception {
        BearerTokens tokens = tokens(storePool);

        UpstreamFailure notConnected = failure(tokens.forUser(BOB));
        assertThat(notConnected.kind()).isEqualTo(UpstreamFailure.Kind.NOT_CONNECTED);
        assertThat(notConnected.kind().label()).isEqualTo("not_connected");
        assertThat(notConnected.getMessage()).isEqualTo(BOB + " has not connected the upstream (grant refresh-token"
                + " needs the user's consent); run: postern users connect " + BOB);
        assertThat(drainRequests()).isEmpty();

        // when: the user connects now, the next login gets a token at once (nothing was held)
        connect(BOB);
        token(tokens.forUser(BOB));
        assertThat(drainRequests()).hasSize(1);
    }

    @Test
    void shouldKeepTheNewerTokenWhenTwoGatewaysRotateTheSameOneAtOnce() throws Exception {
        // given: two gateways on one store, each with its own store pool, stepped by the test
        connect(ALICE);
        long version = store.upstreamConnection(ALICE).orElseThrow().version();
        SteppedExecutor poolA = new SteppedExecutor();
        SteppedExecutor poolB = new SteppedExecutor();
        BearerTokens gatewayA = tokens(poolA);
        BearerTokens gatewayB = tokens(poolB);
        TestSecrets.register("rotated-by-gateway-a");
        TestSecrets.register("rotated-by-gateway-b");
        scripted.json(200, "{\"access_token\":\"access-token-of-a\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"rotated-by-gateway-a\"}");
        scripted.json(200, "{\"access_token\":\"access-token-of-b\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"rotated-by-gateway-b\"}");

        // when: A reads the token and is answered; B reads the same token, is answered and stores first
        CompletableFuture<UpstreamCredential> loginAtA = gatewayA.forUser(ALICE);
        poolA.runNext(TIMEOUT);   // A reads
        poolA.awaitTask(TIMEOUT); // A's answer came: the write of its rotated token waits here
        CompletableFuture<UpstreamCredential> loginAtB = gatewayB.forUser(ALICE);
        poolB.runNext(TIMEOUT);   // B reads the same version
        poolB.runNext(TIMEOUT);   // B stores its rotated token
        String atB = token(loginAtB);
        poolA.runAll();           // A's compare-and-set finds the version moved on

        // then: both logins have a token, and the store keeps B's rotation, the one written first
        assertThat(token(loginAtA)).isEqualTo("access-token-of-a");
        assertThat(atB).isEqualTo("access-token-of-b");
        assertThat(storedRefreshToken(ALICE)).isEqualTo("rotated-by-gateway-b");
        assertThat(store.upstreamConnection(ALICE).orElseThrow().version()).isEqualTo(version + 1);
    }
}
