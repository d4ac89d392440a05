package dev.postern.pop3.front;

import static dev.postern.pop3.front.Pop3Replies.*;

import dev.postern.core.front.LoginReplies;

/** POP3's words for the outcomes of a login (RFC 2449 response codes, RFC 3206 {@code AUTH} and {@code SYS/TEMP}). */
final class Pop3LoginReplies implements LoginReplies {

    static final Pop3LoginReplies INSTANCE = new Pop3LoginReplies();

    private Pop3LoginReplies() {
    }

    @Override
    public String authenticationFailed() {
        return AUTH_FAILED;
    }

    /** Acting as another user is refused like any other credential: one refusal for every reason. */
    @Override
    public String authorizationFailed() {
        return AUTH_FAILED;
    }

    /** Store, hash pool or throttle: the check could not be made. */
    @Override
    public String temporaryFailure() {
        return AUTH_TEMPORARY;
    }

    /** The upstream, its credential or its token: the gateway's fault, not the client's. */
    @Override
    public String upstreamUnavailable() {
        return UPSTREAM_UNAVAILABLE;
    }

    /** POP3 has no capabilities in its login reply: the client asks CAPA again if it wants them. */
    @Override
    public String loggedIn(String capabilities) {
        return LOGGED_IN;
    }

    @Override
    public String tooManyFailures() {
        return CLOSING_TOO_MANY_FAILURES;
    }

    @Override
    public String tooMuchData() {
        return CLOSING_TOO_MUCH_DATA;
    }
}
