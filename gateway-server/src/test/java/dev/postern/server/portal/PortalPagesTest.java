package dev.postern.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.HostPort;
import dev.postern.core.config.OidcConfig;
import dev.postern.core.config.PortalConfig;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes of the pages without a provider that answers (its issuer on a loopback port nobody listens
 * on): the sign-in page needs none, a sign-in says the provider is unavailable (503), a POST without a
 * session changes nothing, other methods and paths are refused.
 */
class PortalPagesTest {

    @TempDir
    Path dir;
    private SqliteStore store;
    private PortalPages pages;

    @BeforeEach
    void open() throws Exception {
        store = SqliteStore.open(dir.resolve("postern.db"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        OidcConfig oidc = new OidcConfig(URI.create("http://127.0.0.1:" + closedPort + "/idp"), "portal", null,
                OidcConfig.UserClaim.EMAIL, List.of("example.test"), false, OidcConfig.DEFAULT_MFA_VALUES,
                Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofSeconds(1));
        PortalConfig portal = new PortalConfig(new HostPort("127.0.0.1", 0), URI.create("https://localhost:8443"), 16,
                Duration.ofSeconds(30), oidc);
        Supplier<AccountService> noAccounts = () -> {
            throw new AssertionError("no account may change here");
        };
        pages = new PortalPages(portal, store, noAccounts, new AuditLog(), InstantSource.system(), List::of,
                EnumSet.of(Scope.IMAP), null, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private PageReply get(String path, String query) {
        return pages.handle(new PageRequest("GET", path, query, null, null, new byte[0], "192.0.2.7"));
    }

    private static String body(PageReply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldShowTheSignInPageWithItsPolicyWithoutAskingTheProvider() {
        PageReply home = get("/", "");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(body(home)).contains(MessagePage.SIGN_IN_TEXT);
        assertThat(home.headers().get("Content-Security-Policy")).isEqualTo(PortalPages.CSP);
    }

    @Test
    void shouldSayTheProviderIsUnavailableWhenItCannotBeDiscovered() {
        PageReply signIn = get("/signin", "");

        assertThat(signIn.status()).isEqualTo(503);
        assertThat(signIn.headers()).containsEntry("Retry-After", "60");
        assertThat(body(signIn)).contains(Html.text(MessagePage.PROVIDER_UNAVAILABLE));
        assertThat(signIn.cookies()).isEmpty();
    }

    @Test
    void shouldRefuseAPostWithoutASession() {
        PageReply post = pages.handle(new PageRequest("POST", "/app-passwords/revoke-all", "", null,
                PortalPages.FORM, "csrf=x".getBytes(StandardCharsets.UTF_8), "192.0.2.7"));

        assertThat(post.status()).isEqualTo(403);
        assertThat(body(post)).contains(Html.text(MessagePage.SESSION_ENDED));
    }

    @Test
    void shouldRefuseACallbackNoSignInStarted() {
        PageReply callback = get("/oidc/callback", "code=abc&state=xyz");

        assertThat(callback.status()).isEqualTo(403);
        assertThat(body(callback)).contains(Html.text(SignInRefused.Reason.NO_SIGN_IN_UNDER_WAY.text()));
    }

    @Test
    void shouldAnswerUnknownPathsAndMethods() {
        assertThat(get("/nowhere", "").status()).isEqualTo(404);
        assertThat(pages.handle(new PageRequest("DELETE", "/", "", null, null, new byte[0], "192.0.2.7")).status())
                .isEqualTo(405);
        assertThat(get("/static/portal.css", "").contentType()).isEqualTo("text/css; charset=utf-8");
    }
}
