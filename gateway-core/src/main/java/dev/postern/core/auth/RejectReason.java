package dev.postern.core.auth;

import java.util.Locale;

/** Why a credential was refused: for logs and metric labels only, never for the client. */
public enum RejectReason {
    /** No such user (checked against a dummy hash all the same). */
    UNKNOWN_USER,
    /** The user exists but no app password of theirs matches. */
    WRONG_PASSWORD,
    /** The secret matches an app password that was revoked. */
    REVOKED,
    /** The secret matches an app password past its expiry. */
    EXPIRED,
    /** The secret matches an app password of a suspended user ({@code postern users suspend}). */
    SUSPENDED,
    /** The secret matches an app password that lacks the requested scope. */
    OUT_OF_SCOPE,
    /** The secret matches an app password whose {@code --allow-from} networks do not hold the client's address. */
    SOURCE_NOT_ALLOWED,
    /** The user name or password is malformed or over the size bound; refused before any hashing. */
    MALFORMED;

    /** The label value used in logs and metrics, e.g. {@code wrong_password}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
