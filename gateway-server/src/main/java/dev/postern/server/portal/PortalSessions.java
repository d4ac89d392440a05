package dev.postern.server.portal;

import dev.postern.core.config.OidcConfig;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.PortalSession;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Portal sessions: the {@code __Host-} cookies ({@code Secure}, {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Path=/}, no {@code Domain}) holding 256 random bits each, the store rows keyed by their
 * SHA-256, the idle and absolute timeouts, and each session's CSRF token. Blocking (store): on the
 * portal pool.
 */
final class PortalSessions {

    static final String SESSION_COOKIE = "__Host-postern-session";
    static final String SIGN_IN_COOKIE = "__Host-postern-sign-in";
    /** How long a sign-in may stay at the provider before its callback is refused. */
    static final Duration SIGN_IN_LIFETIME = Duration.ofMinutes(10);
    private static final String ATTRIBUTES = "; Path=/; Secure; HttpOnly; SameSite=Lax";
    private static final int ID_BYTES = 32;

    private final CredentialStore store;
    private final OidcConfig config;
    private final InstantSource clock;
    private final SecureRandom random;

    PortalSessions(CredentialStore store, OidcConfig config, InstantSource clock, SecureRandom random) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.random = random;
    }

    /** A new session in the store and the cookie that carries it. */
    record Opened(PortalSession session, String cookie) {
    }

    /** A new random id for a cookie (base64url, 256 bits). */
    String newId() {
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** What the store keeps of a cookie id. */
    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The value of cookie {@code name} in a {@code Cookie} header, if it is there. */
    static Optional<String> cookie(String header, String name) {
        if (header == null) {
            return Optional.empty();
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (cookie.name().equals(name) && !cookie.value().isEmpty()) {
                return Optional.of(cookie.value());
            }
        }
        return Optional.empty();
    }

    static String setCookie(String name, String value) {
        return name + "=" + value + ATTRIBUTES;
    }

    static String clearCookie(String name) {
        return name + "=" + ATTRIBUTES + "; Max-Age=0";
    }

    /** The live session the request's cookie names, its last use recorded; an ended one is removed. */
    Optional<PortalSession> current(String cookieHeader) {
        Optional<String> id = cookie(cookieHeader, SESSION_COOKIE);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String hash = hash(id.get());
        Optional<PortalSession> found = store.findPortalSession(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        PortalSession session = found.get();
        if (session.lastSeenAt().plus(config.sessionIdleTimeout()).isBefore(now)
                || session.createdAt().plus(config.sessionMaxAge()).isBefore(now)) {
            store.deletePortalSession(hash);
            return Optional.empty();
        }
        store.touchPortalSession(hash, now);
        return found;
    }

    /** A new session (a new id, whatever the browser had before) for a person just signed in. */
    Opened open(SignedIn person) {
        String id = newId();
        Instant now = clock.instant();
        PortalSession session = new PortalSession(hash(id), person.user(), newId(), person.authTime(), now, now);
        store.createPortalSession(session);
        return new Opened(session, setCookie(SESSION_COOKIE, id));
    }

    void end(PortalSession session) {
        store.deletePortalSession(session.idHash());
    }

    /** Whether {@code token} (from a form) is the session's CSRF token; compared in constant time. */
    static boolean csrfMatches(PortalSession session, String token) {
        return token != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the session's sign-in at the provider is recent enough to create an app password. */
    boolean recentEnough(PortalSession session) {
        return !session.authTime().plus(config.maxAuthAge()).isBefore(clock.instant());
    }

    /** Removes sign-ins and sessions that have ended. */
    int purge() {
        Instant now = clock.instant();
        return store.purgePortal(now.minus(SIGN_IN_LIFETIME), now.minus(config.sessionIdleTimeout()),
                now.minus(config.sessionMaxAge()));
    }
}
