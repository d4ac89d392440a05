package dev.postern.imap.front;

import static dev.postern.imap.front.ImapResponses.*;

import dev.postern.core.front.LoginReplies;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * IMAP's words for the outcomes of a login (RFC 5530 response codes), tagged with the tag of the
 * LOGIN or AUTHENTICATE in flight, which the front keeps.
 */
final class ImapLoginReplies implements LoginReplies {

    private static final String TOO_MUCH_DATA = String.format(BYE_FATAL, "Too much data sent before the login completed.");

    private final Supplier<String> tagInFlight;

    /** @param tagInFlight the tag of the command the login flow is answering, asked as each answer is made */
    ImapLoginReplies(Supplier<String> tagInFlight) {
        this.tagInFlight = Objects.requireNonNull(tagInFlight, "tagInFlight");
    }

    @Override
    public String authenticationFailed() {
        return String.format(AUTHENTICATION_FAILED, tagInFlight.get());
    }

    @Override
    public String authorizationFailed() {
        return String.format(AUTHORIZATION_FAILED, tagInFlight.get());
    }

    @Override
    public String temporaryFailure() {
        return String.format(AUTH_UNAVAILABLE, tagInFlight.get());
    }

    @Override
    public String upstreamUnavailable() {
        return String.format(UPSTREAM_UNAVAILABLE, tagInFlight.get());
    }

    @Override
    public String loggedIn(String capabilities) {
        return String.format(LOGGED_IN, tagInFlight.get(), capabilities);
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
