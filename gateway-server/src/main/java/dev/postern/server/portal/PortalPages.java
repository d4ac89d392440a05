package dev.postern.server.portal;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.Durations;
import dev.postern.core.config.OidcConfig;
import dev.postern.core.config.PortalConfig;
import dev.postern.core.config.UpstreamAuthConfig;
import dev.postern.core.observe.AccountChangeEvent;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.PortalSignInEvent;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.PortalSession;
import dev.postern.core.store.PortalSignIn;
import dev.postern.core.store.Scope;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.UserRecord;
import dev.postern.server.setup.AppleProfile;
import dev.postern.server.views.MailServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the self-service pages. Each request is answered whole on the caller's thread, which
 * must not be an event loop (store, Argon2id for a new app password, HTTP to the provider).
 *
 * <pre>
 * GET  /                      the sign-in page, or the signed-in user's app passwords
 * GET  /signin[?again=1]      to the provider (again=1: with max_age, to create an app password)
 * GET  /oidc/callback         back from the provider: a new session
 * POST /app-passwords         creates one (needs a recent sign-in); the only page that shows it
 * POST /app-passwords/revoke  revokes one (form field id)     POST /app-passwords/revoke-all
 * POST /app-passwords/apple-profile  the new one's .mobileconfig (fields id, password; minutes after creation)
 * POST /mailbox/connect       to the mail provider's consent     GET /mailbox/callback   back from it
 * POST /signout               ends the session
 * GET  /static/portal.css, /static/copy.js
 * </pre>
 * Every POST needs a live session and its CSRF token ({@value #CSRF_FIELD}).
 */
public final class PortalPages {

    static final String SIGN_IN_PATH = "/signin";
    static final String CALLBACK_PATH = "/oidc/callback";
    static final String CREATE_PATH = "/app-passwords";
    static final String REVOKE_PATH = "/app-passwords/revoke";
    static final String REVOKE_ALL_PATH = "/app-passwords/revoke-all";
    static final String APPLE_PROFILE_PATH = "/app-passwords/apple-profile";
    static final String CONNECTED_QUERY = "connected=1";
    static final String SIGN_OUT_PATH = "/signout";
    static final String CSRF_FIELD = "csrf";
    static final String AGAIN = "again=1";
    static final String FORM = "application/x-www-form-urlencoded";
    /**
     * The pages' policy: no inline script, scripts and styles from the portal only, forms to the portal
     * (and, for a form whose answer sends the browser on to sign in again, the provider's origin).
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final Logger LOG = LoggerFactory.getLogger(PortalPages.class);

    private final CredentialStore store;
    private final Supplier<AccountService> accounts;
    private final AuditLog audit;
    private final InstantSource clock;
    private final OidcProvider provider;
    private final SignInFlow flow;
    private final PortalSessions sessions;
    private final Supplier<List<MailServer>> servers;
    private final Set<Scope> offered;
    private final Optional<MailboxConnect> mailbox;
    private final String organisation;
    private final PortalMeters meters;
    private final StaticAssets assets = new StaticAssets();

    /**
     * @param servers what a mail app is told to connect to (known once the listeners are bound)
     * @param offered the scopes of the configured protocols, offered in the create form
     * @param upstreamAuth the gateway's {@code upstream-auth} (with grant refresh-token the page offers
     *                     "connect your mailbox"), or null
     * @param registry     where the portal's counters go ({@link PortalMeters})
     */
    public PortalPages(PortalConfig portal, CredentialStore store, Supplier<AccountService> accounts, AuditLog audit,
                       InstantSource clock, Supplier<List<MailServer>> servers, Set<Scope> offered,
                       UpstreamAuthConfig upstreamAuth, MeterRegistry registry) {
        OidcConfig oidc = portal.oidc();
        if (oidc == null) {
            throw new IllegalArgumentException("portal.oidc: missing (expected the sign-in of the self-service pages)");
        }
        this.store = store;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.provider = new OidcProvider(oidc);
        this.flow = new SignInFlow(oidc, portal.redirectUri(), provider);
        this.sessions = new PortalSessions(store, oidc, clock, new SecureRandom());
        this.servers = servers;
        this.offered = offered.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(offered);
        this.mailbox = upstreamAuth == null ? Optional.empty() : MailboxConnect.of(upstreamAuth.oauth2(),
                upstreamAuth.keyFile(), portal, store, accounts, clock);
        this.organisation = portal.publicUrl().getHost();
        this.meters = new PortalMeters(registry);
    }

    /** Answers one request; never throws. */
    public PageReply handle(PageRequest request) {
        try {
            return route(request);
        } catch (OidcProvider.ProviderUnavailable e) {
            LOG.warn("portal {} {}: identity provider unavailable: {}", request.method(), request.path(), e.getMessage());
            return page(503, MessagePage.message(MessagePage.UNAVAILABLE_TITLE, MessagePage.PROVIDER_UNAVAILABLE))
                    .withHeader("Retry-After", "60");
        } catch (StoreUnavailableException e) {
            LOG.warn("portal {} {}: store unavailable: {}", request.method(), request.path(), e.getMessage());
            return page(503, MessagePage.message(MessagePage.UNAVAILABLE_TITLE, MessagePage.STORE_UNAVAILABLE))
                    .withHeader("Retry-After", "10");
        } catch (RuntimeException e) {
            LOG.warn("portal {} {} failed", request.method(), request.path(), e);
            return page(500, MessagePage.message(MessagePage.FAILED_TITLE, MessagePage.FAILED));
        }
    }

    /** The answer when the portal pool is full. */
    public static PageReply busy() {
        return page(503, MessagePage.message(MessagePage.UNAVAILABLE_TITLE, MessagePage.BUSY)).withHeader("Retry-After", "5");
    }

    private PageReply route(PageRequest request) {
        String path = request.path();
        String method = request.method();
        if (method.equals("GET") || method.equals("HEAD")) {
            Optional<StaticAssets.Asset> asset = assets.find(path);
            if (asset.isPresent()) {
                return new PageReply(200, asset.get().contentType(), asset.get().body(),
                        Map.of("Cache-Control", "public, max-age=3600"), List.of());
            }
            return switch (path) {
                case "/" -> home(request);
                case SIGN_IN_PATH -> startSignIn(request);
                case CALLBACK_PATH -> callback(request);
                case MailboxConnect.CALLBACK_PATH -> mailboxCallback(request);
                default -> notFound();
            };
        }
        if (method.equals("POST")) {
            return switch (path) {
                case CREATE_PATH, REVOKE_PATH, REVOKE_ALL_PATH, SIGN_OUT_PATH, APPLE_PROFILE_PATH,
                        MailboxConnect.START_PATH -> post(request);
                default -> notFound();
            };
        }
        return page(405, MessagePage.message(MessagePage.NOT_FOUND_TITLE, MessagePage.NOT_FOUND))
                .withHeader("Allow", "GET, POST");
    }

    // --- signing in and out ---

    private PageReply home(PageRequest request) {
        Optional<PortalSession> session = sessions.current(request.cookies());
        if (session.isEmpty()) {
            return page(200, MessagePage.signIn());
        }
        String notice = request.query().equals(AGAIN) ? AccountPage.SIGNED_IN_AGAIN
                : request.query().equals(CONNECTED_QUERY) && mailbox.isPresent() ? MailboxConnect.CONNECTED : null;
        return account(200, session.get(), notice, null);
    }

    private PageReply startSignIn(PageRequest request) {
        sessions.purge();
        String id = sessions.newId();
        SignInFlow.Started started = flow.start(PortalSessions.hash(id), request.query().equals(AGAIN), clock.instant());
        store.createPortalSignIn(started.signIn());
        return PageReply.redirect(302, started.authorizationUri().toString())
                .withCookie(PortalSessions.setCookie(PortalSessions.SIGN_IN_COOKIE, id));
    }

    private PageReply callback(PageRequest request) {
        Optional<PortalSignIn> signIn = PortalSessions.cookie(request.cookies(), PortalSessions.SIGN_IN_COOKIE)
                .flatMap(id -> store.takePortalSignIn(PortalSessions.hash(id)))
                .filter(taken -> taken.createdAt().plus(PortalSessions.SIGN_IN_LIFETIME).isAfter(clock.instant()));
        SignedIn person;
        try {
            if (signIn.isEmpty()) {
                throw new SignInRefused(SignInRefused.Reason.NO_SIGN_IN_UNDER_WAY, "no sign-in under way for this"
                        + " browser (none started, used already, or older than " + Durations.format(
                        PortalSessions.SIGN_IN_LIFETIME) + ")");
            }
            person = flow.finish(signIn.get(), request.query());
        } catch (SignInRefused refused) {
            LOG.info("portal sign-in from {} refused: {}", request.clientIp(), refused.getMessage());
            meters.signIn(PortalSignInEvent.REFUSED);
            audit.portalSignIn(new PortalSignInEvent(null, request.clientIp(), PortalSignInEvent.REFUSED,
                    refused.reason().name().toLowerCase(Locale.ROOT)));
            return page(403, MessagePage.refused(refused.reason()))
                    .withCookie(PortalSessions.clearCookie(PortalSessions.SIGN_IN_COOKIE));
        }
        sessions.current(request.cookies()).ifPresent(sessions::end);
        PortalSessions.Opened opened = sessions.open(person);
        meters.signIn(PortalSignInEvent.SIGNED_IN);
        audit.portalSignIn(new PortalSignInEvent(person.user(), request.clientIp(), PortalSignInEvent.SIGNED_IN, null));
        return PageReply.redirect(303, signIn.get().reauth() ? "/?" + AGAIN : "/")
                .withCookie(opened.cookie())
                .withCookie(PortalSessions.clearCookie(PortalSessions.SIGN_IN_COOKIE));
    }

    // --- forms ---

    private PageReply post(PageRequest request) {
        Optional<PortalSession> current = sessions.current(request.cookies());
        if (current.isEmpty()) {
            return page(403, MessagePage.message(MessagePage.FORBIDDEN_TITLE, MessagePage.SESSION_ENDED));
        }
        PortalSession session = current.get();
        Map<String, List<String>> form = request.form();
        if (!PortalSessions.csrfMatches(session, PageRequest.first(form, CSRF_FIELD))) {
            LOG.info("portal {} by {} from {} refused: no valid CSRF token", request.path(), session.user(),
                    request.clientIp());
            return page(403, MessagePage.message(MessagePage.FORBIDDEN_TITLE, MessagePage.CSRF_REFUSED));
        }
        return switch (request.path()) {
            case CREATE_PATH -> create(session, form, request.clientIp());
            case REVOKE_PATH -> revoke(session, PageRequest.first(form, "id"), request.clientIp());
            case REVOKE_ALL_PATH -> revokeAll(session, request.clientIp());
            case APPLE_PROFILE_PATH -> appleProfile(session, PageRequest.first(form, "id"), PageRequest.first(form, "password"));
            case MailboxConnect.START_PATH -> mailbox.map(flow -> flow.start(session)).orElseGet(this::notFound);
            default -> signOut(session, request.clientIp());
        };
    }

    private PageReply create(PortalSession session, Map<String, List<String>> form, String clientIp) {
        if (!sessions.recentEnough(session)) {
            return PageReply.redirect(303, SIGN_IN_PATH + "?" + AGAIN);
        }
        Optional<UserRecord> user = store.findUser(session.user());
        if (user.isPresent() && user.get().suspendedAt() != null) {
            return account(403, session, null, MessagePage.SUSPENDED);
        }
        String label = PageRequest.first(form, "label");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String wanted : form.getOrDefault("scope", List.of())) {
            Scope scope = offered.stream().filter(one -> one.wireName().equals(wanted)).findFirst().orElse(null);
            if (scope == null) {
                return account(400, session, null, "Unknown scope \"" + wanted + "\".");
            }
            scopes.add(scope);
        }
        if (scopes.isEmpty()) {
            return account(400, session, null, "Choose at least one thing the app password may do.");
        }
        String expires = Optional.ofNullable(PageRequest.first(form, "expires")).orElse("");
        if (AccountPage.EXPIRY_CHOICES.stream().noneMatch(choice -> choice[0].equals(expires))) {
            return account(400, session, null, "Choose an expiry from the list.");
        }
        Duration expiresIn = expires.isEmpty() ? null : Durations.parse(expires);
        AccountService.Created created;
        try {
            created = accounts.get().create(session.user(), label == null ? "" : label, scopes, expiresIn);
        } catch (IllegalArgumentException e) {
            return account(400, session, null, e.getMessage());
        }
        AppPasswordRecord record = created.record();
        changed(session, clientIp, "app_password_created", record.id());
        return page(200, CreatedPage.render(session, record, created.password(), servers.get()));
    }

    /** The .mobileconfig of an app password just created, for the page that shows it (its form has the password). */
    private PageReply appleProfile(PortalSession session, String id, String password) {
        Optional<AppPasswordRecord> record = Optional.ofNullable(id).flatMap(one -> store.findAppPassword(
                        one.toLowerCase(Locale.ROOT))).filter(found -> found.user().equals(session.user())
                        && !found.isRevoked() && found.createdAt().plus(CreatedPage.PROFILE_WINDOW).isAfter(clock.instant()));
        Optional<AppleProfile.Servers> account = record.flatMap(found -> AppleProfile.servers(servers.get(),
                CreatedPage.incoming(found.scopes())));
        if (account.isEmpty() || !accounts.get().isPasswordOf(record.get(), password)) {
            return account(404, session, null, CreatedPage.PROFILE_GONE);
        }
        meters.action(PortalMeters.APPLE_PROFILE);
        String profile = AppleProfile.render(organisation, session.user(), record.get().label(), record.get().id(),
                password, account.get());
        return new PageReply(200, AppleProfile.CONTENT_TYPE, profile.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Disposition", "attachment; filename=\"" + AppleProfile.fileName(record.get().label())
                        + "\""), List.of());
    }

    private PageReply revoke(PortalSession session, String id, String clientIp) {
        Optional<AppPasswordRecord> record = id == null ? Optional.empty()
                : store.findAppPassword(id.toLowerCase(Locale.ROOT)).filter(found -> found.user().equals(session.user()));
        if (record.isEmpty()) {
            return account(404, session, null, "There is no such app password.");
        }
        revokeOne(session, record.get(), clientIp);
        return PageReply.redirect(303, "/");
    }

    private PageReply revokeAll(PortalSession session, String clientIp) {
        for (AppPasswordRecord record : store.appPasswordsOf(session.user())) {
            revokeOne(session, record, clientIp);
        }
        return PageReply.redirect(303, "/");
    }

    private void revokeOne(PortalSession session, AppPasswordRecord record, String clientIp) {
        if (record.isRevoked()) {
            return;
        }
        try {
            accounts.get().revoke(record.id());
        } catch (StoreConflictException revokedMeanwhile) {
            return; // the same outcome
        }
        changed(session, clientIp, "app_password_revoked", record.id());
    }

    private PageReply mailboxCallback(PageRequest request) {
        Optional<PortalSession> session = sessions.current(request.cookies());
        if (mailbox.isEmpty()) {
            return notFound();
        }
        if (session.isEmpty()) {
            return page(403, MessagePage.message(MessagePage.FORBIDDEN_TITLE, MessagePage.SESSION_ENDED));
        }
        MailboxConnect.Outcome outcome = mailbox.get().finish(session.get(), request.query(), request.clientIp());
        if (!outcome.connected()) {
            meters.action(PortalMeters.MAILBOX_CONNECT_FAILED);
            return account(400, session.get(), null, outcome.text());
        }
        changed(session.get(), request.clientIp(), "mailbox_connected", null);
        return PageReply.redirect(303, "/?" + CONNECTED_QUERY);
    }

    private PageReply signOut(PortalSession session, String clientIp) {
        sessions.end(session);
        meters.signIn(PortalSignInEvent.SIGNED_OUT);
        audit.portalSignIn(new PortalSignInEvent(session.user(), clientIp, PortalSignInEvent.SIGNED_OUT, null));
        return PageReply.redirect(303, "/").withCookie(PortalSessions.clearCookie(PortalSessions.SESSION_COOKIE));
    }

    // --- common ---

    private void changed(PortalSession session, String clientIp, String action, String appPasswordId) {
        meters.action(action);
        audit.accountChange(new AccountChangeEvent("portal:" + session.user(), session.user(), clientIp, action,
                session.user(), appPasswordId));
    }

    private PageReply account(int status, PortalSession session, String notice, String error) {
        Instant now = clock.instant();
        UserRecord.Connection connection = mailbox.isEmpty() ? null : store.findUser(session.user())
                .map(UserRecord::connection).orElse(null);
        String page = AccountPage.render(session, store.appPasswordsOf(session.user()),
                store.activityOf(session.user(), AccountPage.ACTIVITY_LINES), offered, now, notice, error,
                mailbox.isEmpty() ? "" : MailboxSection.render(session, connection));
        String origins = providerOrigin() + mailbox.map(flow -> " " + flow.providerOrigin()).orElse("");
        return PageReply.html(status, page, (CSP + " " + origins).strip());
    }

    /**
     * The origin of the provider's authorization endpoint, where the create form may lead (to sign in
     * again); nothing when the provider cannot be discovered now (the page itself does not need it).
     */
    private String providerOrigin() {
        try {
            URI endpoint = provider.discovered().metadata().getAuthorizationEndpointURI();
            return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        } catch (OidcProvider.ProviderUnavailable e) {
            return "";
        }
    }

    private PageReply notFound() {
        return page(404, MessagePage.message(MessagePage.NOT_FOUND_TITLE, MessagePage.NOT_FOUND));
    }

    private static PageReply page(int status, String html) {
        return PageReply.html(status, html, CSP);
    }
}
