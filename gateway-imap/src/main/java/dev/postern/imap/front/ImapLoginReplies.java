package dev.postern.imap.front;

import static dev.postern.imap.front.ImapResponses.*;

import dev.postern.core.front.LoginReplies;

/** IMAP's words for the outcomes of a login (RFC 5530 response codes). */
final class ImapLoginReplies implements LoginReplies {

    static final ImapLoginReplies INSTANCE = new ImapLoginReplies();

    private static final String TOO_MUCH_DATA = String.format(BYE_FATAL, "Too much data sent before the login completed.");

    private ImapLoginReplies() {
    }

    @Override
    public String authenticationFailed(String tag) {
        return String.format(AUTHENTICATION_FAILED, tag);
    }

    @Override
    public String authorizationFailed(String tag) {
        return String.format(AUTHORIZATION_FAILED, tag);
    }

    @Override
    public String temporaryFailure(String tag) {
        return String.format(AUTH_UNAVAILABLE, tag);
    }

    @Override
    public String upstreamUnavailable(String tag) {
        return String.format(UPSTREAM_UNAVAILABLE, tag);
    }

    @Override
    public String loggedIn(String tag, String capabilities) {
        return String.format(LOGGED_IN, tag, capabilities);
    }

    @Override
    public String tooManyFailures() {
        return BYE_TOO_MANY_FAILURES;
    }

    @Override
    public String tooMuchData() {
        return TOO_MUCH_DATA;
    }
}
