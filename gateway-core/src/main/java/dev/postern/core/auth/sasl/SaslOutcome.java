package dev.postern.core.auth.sasl;

import java.util.Objects;

/** What a client's SASL exchange (PLAIN, or the two LOGIN steps) amounts to. */
public sealed interface SaslOutcome permits SaslOutcome.Credentials, SaslOutcome.Malformed {

    /**
     * A well-formed credential. {@code authzid} is empty when the client did not ask to act as
     * someone else. {@code password} is a secret: {@link #toString()} hides it.
     */
    record Credentials(String authzid, String authcid, String password) implements SaslOutcome {
        public Credentials {
            Objects.requireNonNull(authzid, "authzid");
            Objects.requireNonNull(authcid, "authcid");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[authzid=" + authzid + ", authcid=" + authcid + "]";
        }
    }

    /**
     * The payload is not acceptable (the protocol answers {@code BAD} / {@code 501 5.5.2}).
     * {@code reason} names the field and what was expected, never the payload.
     */
    record Malformed(String reason) implements SaslOutcome {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
