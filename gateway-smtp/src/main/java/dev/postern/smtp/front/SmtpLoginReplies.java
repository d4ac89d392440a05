package dev.postern.smtp.front;

import static dev.postern.smtp.front.SmtpReplies.*;

import dev.postern.core.front.LoginReplies;

/** SMTP's words for the outcomes of a login (RFC 4954 §6). */
final class SmtpLoginReplies implements LoginReplies {

    private final String tooManyFailures;
    private final String tooMuchData;

    SmtpLoginReplies(String hostName) {
        this.tooManyFailures = String.format(CLOSING_TOO_MANY_FAILURES, hostName);
        this.tooMuchData = String.format(CLOSING_TOO_MUCH_DATA, hostName);
    }

    @Override
    public String authenticationFailed() {
        return AUTH_INVALID;
    }

    /** RFC 4954 has no separate code for a refused authorization identity: 535 like any refusal. */
    @Override
    public String authorizationFailed() {
        return AUTH_INVALID;
    }

    @Override
    public String temporaryFailure() {
        return AUTH_TEMPORARY;
    }

    @Override
    public String upstreamUnavailable() {
        return AUTH_TEMPORARY;
    }

    @Override
    public String loggedIn(String capabilities) {
        return AUTH_SUCCESS;
    }

    @Override
    public String tooManyFailures() {
        return tooManyFailures;
    }

    @Override
    public String tooMuchData() {
        return tooMuchData;
    }
}
