package dev.postern.server.portal;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.config.PortalConfig;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.PortalSession;
import dev.postern.core.store.PortalSignIn;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.upstream.oauth2.ConsentRefused;
import dev.postern.core.upstream.oauth2.UpstreamConsent;
import java.net.URI;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Connect your mailbox" (upstream {@code oauth2} with grant {@code refresh-token}): the signed-in
 * user runs the mail provider's authorization code flow with PKCE from the portal; its callback,
 * {@value #CALLBACK_PATH}, redeems the code and stores the refresh token sealed for that user.
 *
 * <p>The consent under way is kept in the store like a sign-in (so the provider may send the browser
 * back to any gateway), under a key derived from the portal session: only the session that started it
 * can finish it, and only once. A consent given by another account than the signed-in user's is
 * refused and nothing is stored. Blocking (store, HTTP to the token endpoint): on the portal pool.
 */
final class MailboxConnect {

    static final String START_PATH = "/mailbox/connect";
    static final String CALLBACK_PATH = "/mailbox/callback";
    static final String CONNECTED = "Your mailbox is connected: your app passwords reach it again.";
    static final String FAILED = "Connecting your mailbox did not work, so nothing was changed: ";
    static final String NOT_UNDER_WAY = "no connection was under way for this session (none started, used already,"
            + " or older than 10 minutes). Start again with the button.";
    static final String OTHER_ACCOUNT = "the mail provider says the consent was given by %s, not by %s. Sign out of"
            + " the mail provider (or use a private window), sign in there as %s and start again.";

    static final String UNUSABLE = "the mail provider's answer could not be used (it may belong to an older attempt,"
            + " or the provider refused the code). Start again with the button.";
    /** How {@link ConsentRefused} begins when the provider itself said no (the person cancelled, a policy). */
    private static final String PROVIDER_REFUSED = "the provider refused the consent";

    private static final Logger LOG = LoggerFactory.getLogger(MailboxConnect.class);

    private final UpstreamConsent consent;
    private final SecretSealer sealer;
    private final URI redirectUri;
    private final URI authorizationEndpoint;
    private final CredentialStore store;
    private final Supplier<AccountService> accounts;
    private final InstantSource clock;

    private MailboxConnect(UpstreamConsent consent, SecretSealer sealer, URI redirectUri, URI authorizationEndpoint,
                           CredentialStore store, Supplier<AccountService> accounts, InstantSource clock) {
        this.consent = consent;
        this.sealer = sealer;
        this.redirectUri = redirectUri;
        this.authorizationEndpoint = authorizationEndpoint;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * The flow for {@code oauth2} (grant {@code refresh-token}; anything else: empty), its callback under
     * {@code portal.public-url}, its refresh tokens sealed with {@code keyFile}.
     */
    static Optional<MailboxConnect> of(OAuth2Config oauth2, java.nio.file.Path keyFile, PortalConfig portal,
                                       CredentialStore store, Supplier<AccountService> accounts, InstantSource clock) {
        if (oauth2 == null || !oauth2.perUserConsent()) {
            return Optional.empty();
        }
        return Optional.of(new MailboxConnect(UpstreamConsent.of(oauth2), SecretSealer.fromKeyFile(keyFile),
                portal.resolve(CALLBACK_PATH), oauth2.consent().authorizationEndpoint(), store, accounts, clock));
    }

    /** The origin of the provider's authorization endpoint, where the connect form's answer leads. */
    String providerOrigin() {
        return authorizationEndpoint.getScheme() + "://" + authorizationEndpoint.getRawAuthority();
    }

    /** Starts a consent for the session's user: kept in the store, the browser sent to the provider. */
    PageReply start(PortalSession session) {
        UpstreamConsent.InBrowser browser = consent.inBrowser(session.user(), redirectUri);
        store.takePortalSignIn(key(session)); // one consent under way per session: a new start replaces it
        store.createPortalSignIn(new PortalSignIn(key(session), browser.state(), "", browser.codeVerifier(), false,
                clock.instant()));
        return PageReply.redirect(303, browser.authorizationUri().toString());
    }

    /** What a callback came to: the sentence to show, and whether the mailbox is now connected. */
    record Outcome(boolean connected, String text) {
    }

    /** Finishes the session's consent with the callback's query (code and state, or the provider's error). */
    Outcome finish(PortalSession session, String query, String clientIp) {
        Optional<PortalSignIn> started = store.takePortalSignIn(key(session))
                .filter(taken -> taken.createdAt().plus(PortalSessions.SIGN_IN_LIFETIME).isAfter(clock.instant()));
        if (started.isEmpty()) {
            return refused(session, clientIp, NOT_UNDER_WAY);
        }
        UpstreamConsent.Connected connected;
        try {
            connected = consent.resume(redirectUri, started.get().state(), started.get().codeVerifier())
                    .finish(redirectUri + "?" + query);
        } catch (ConsentRefused refused) {
            String said = refused.getMessage();
            return refused(session, clientIp, said, said.startsWith(PROVIDER_REFUSED)
                    ? said.replace("; nothing was stored", "") : UNUSABLE);
        }
        if (!connected.accountNames().isEmpty() && !connected.accountNames().contains(session.user())) {
            String other = String.join(", ", connected.accountNames());
            return refused(session, clientIp, String.format(OTHER_ACCOUNT, other, session.user(), session.user()));
        }
        if (store.findUser(session.user()).isEmpty()) {
            try { // a person who signed in is a user of the gateway (as when creating an app password)
                accounts.get().addUser(session.user());
            } catch (StoreConflictException addedMeanwhile) {
                // the same outcome
            }
        }
        accounts.get().connectUpstream(session.user(), connected.refreshToken(), sealer);
        LOG.info("portal: {} connected their mailbox from {}", session.user(), clientIp);
        return new Outcome(true, CONNECTED);
    }

    private static Outcome refused(PortalSession session, String clientIp, String why) {
        return refused(session, clientIp, why, why);
    }

    /** Refused: {@code logged} (may say more) in the log, {@code shown} on the page. */
    private static Outcome refused(PortalSession session, String clientIp, String logged, String shown) {
        LOG.info("portal: connecting the mailbox of {} from {} refused: {}", session.user(), clientIp, logged);
        return new Outcome(false, FAILED + shown);
    }

    /** The store key of the session's consent under way (never the session's own key, nor a cookie's hash). */
    private static String key(PortalSession session) {
        return PortalSessions.hash("mailbox-connect:" + session.idHash());
    }
}
