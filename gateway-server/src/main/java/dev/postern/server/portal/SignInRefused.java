package dev.postern.server.portal;

import java.util.Objects;

/**
 * A sign-in that ends without a session, and why: the page shows {@link Reason#text()} (what the
 * person can do about it); the log gets {@link #getMessage()} (the detail, never a token or code).
 */
final class SignInRefused extends Exception {

    /** Why a sign-in was refused, each with the sentence its page shows. */
    enum Reason {
        NO_SIGN_IN_UNDER_WAY("This sign-in was not started in this browser, or it was used already. Start again."),
        PROVIDER_ERROR("The identity provider did not sign you in."),
        TOKEN_REFUSED("The identity provider's answer could not be used: the sign-in was refused. Start again."),
        ID_TOKEN_INVALID("The identity provider's ID token did not pass the checks (signature, issuer, audience,"
                + " expiry or nonce), so you were not signed in."),
        NO_USER_CLAIM("Your sign-in does not say which mailbox is yours, so you were not signed in."),
        DOMAIN_NOT_ALLOWED("Your account's domain may not use this service."),
        MFA_REQUIRED("This service needs a sign-in with a second factor (multi-factor authentication). Sign in"
                + " again with your second factor, or ask your administrator to set one up for you.");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    private final Reason reason;

    SignInRefused(Reason reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, not a bug
    }
}
