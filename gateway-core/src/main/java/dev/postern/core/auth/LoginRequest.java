package dev.postern.core.auth;

import dev.postern.core.identity.UserNames;
import java.util.Objects;

/**
 * What a client presented to log in at a protocol front, before any check: the user name as typed,
 * the password, the identity it asks to act as, and how it said so (the audit's mechanism label).
 * {@code authzid} is empty when the client did not ask to act as someone else. {@code password} is
 * a secret: never log it, never put it in an exception message; {@link #toString()} hides it.
 *
 * @param mechanism how the credential came: {@link #PLAIN} or {@link #LOGIN}
 */
public record LoginRequest(String user, String password, String authzid, String mechanism) {

    /** SASL PLAIN (IMAP {@code AUTHENTICATE PLAIN}, SMTP {@code AUTH PLAIN}). */
    public static final String PLAIN = "plain";
    /** A user name and password without authzid: IMAP {@code LOGIN}, SASL LOGIN. */
    public static final String LOGIN = "login";

    public LoginRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(authzid, "authzid");
        Objects.requireNonNull(mechanism, "mechanism");
    }

    /** A user name and password, the client acting as itself ({@link #LOGIN}). */
    public static LoginRequest login(String user, String password) {
        return new LoginRequest(user, password, "", LOGIN);
    }

    /** A SASL PLAIN credential; {@code authzid} is empty when none was given. */
    public static LoginRequest plain(String authzid, String user, String password) {
        return new LoginRequest(user, password, authzid, PLAIN);
    }

    @Override
    public String toString() {
        return "LoginRequest[" + mechanism + ", user=" + UserNames.printable(user)
                + (authzid.isEmpty() ? "" : ", authzid=" + UserNames.printable(authzid)) + "]";
    }
}
