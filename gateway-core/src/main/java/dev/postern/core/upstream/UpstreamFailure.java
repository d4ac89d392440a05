package dev.postern.core.upstream;

import java.util.Locale;
import java.util.Objects;

/**
 * Why the upstream leg could not be established. The client only ever sees a temporary failure;
 * this says, for the log and metrics, which part of the gateway's side went wrong.
 */
public final class UpstreamFailure extends Exception {

    /** The kinds of upstream failure; {@link #label()} is the metric/log value. */
    public enum Kind {
        /** TCP connect refused, unreachable or timed out. */
        UNREACHABLE,
        /** TLS handshake failed (certificate not trusted, wrong host name, protocol mismatch). */
        TLS,
        /** The login dialogue did not finish within the login timeout. */
        TIMEOUT,
        /** The upstream greeted with something other than a plain OK (PREAUTH, BYE, a 4xx/5xx banner). */
        GREETING,
        /** The upstream refused the gateway's own credential (master user, stored password or token). */
        CREDENTIAL_REFUSED,
        /** The OAuth2 token endpoint could not be reached, timed out, or answered with an error or garbage. */
        TOKEN_UNAVAILABLE,
        /**
         * The token endpoint refused the grant ({@code invalid_grant}: consent withdrawn, token revoked or
         * expired), or did so before and the user has not connected again since.
         */
        TOKEN_REVOKED,
        /** The user never gave the consent the refresh-token grant needs ({@code postern users connect}). */
        NOT_CONNECTED,
        /** The token endpoint refused the gateway's client ({@code invalid_client}, {@code unauthorized_client}, scope). */
        CLIENT_REJECTED,
        /** The upstream answered something the dialogue did not expect. */
        PROTOCOL,
        /** The upstream closed the connection during the dialogue. */
        CLOSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    public UpstreamFailure(Kind kind, String detail) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.kind = kind;
    }

    public UpstreamFailure(Kind kind, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
