package dev.postern.core.upstream;

import dev.postern.core.config.OAuth2Config;
import java.util.Objects;

/**
 * The secret Postern logs in upstream with. The client never sees it; {@link #toString()} never
 * shows the secret.
 *
 * <p><b>Handling every kind.</b> Code that turns a credential into a login does it with
 * {@link #match}, never with {@code instanceof} or a cast. Java 17 has no {@code switch} over the
 * records of a sealed interface (pattern matching for {@code switch} is a preview feature there),
 * so {@link Cases} plays that part: it has one method per kind, and each record's {@code match}
 * calls its own. A new kind of credential is a new record here, which cannot compile without its
 * {@code match}, which needs a new method in {@link Cases}; every {@code Cases} in the code base
 * then fails to compile until it says what to do with the new kind, instead of a
 * {@link ClassCastException} at the first login.
 */
public sealed interface UpstreamCredential {

    /** Calls the method of {@code cases} for this kind of credential and returns its result. */
    <R> R match(Cases<R> cases);

    /** What to do with each kind of credential: the exhaustive {@code switch} over them. */
    interface Cases<R> {

        R masterUser(MasterUser credential);

        R userPassword(UserPassword credential);

        R bearer(Bearer credential);
    }

    /** SASL PLAIN with authzid = the user, authcid = {@code masterUser}. */
    record MasterUser(String masterUser, String masterPassword) implements UpstreamCredential {
        public MasterUser {
            Objects.requireNonNull(masterUser, "masterUser");
            Objects.requireNonNull(masterPassword, "masterPassword");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.masterUser(this);
        }

        @Override
        public String toString() {
            return "MasterUser[" + masterUser + "]";
        }
    }

    /** The user's own upstream password, decrypted from the store just for this login. */
    record UserPassword(String password) implements UpstreamCredential {
        public UserPassword {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.userPassword(this);
        }

        @Override
        public String toString() {
            return "UserPassword[****]";
        }
    }

    /**
     * An OAuth2 access token for the user's mailbox, presented by XOAUTH2 or OAUTHBEARER.
     *
     * @param mechanism the configured mechanism ({@code auto}: the best the server announces)
     */
    record Bearer(String token, OAuth2Config.Mechanism mechanism) implements UpstreamCredential {
        public Bearer {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(mechanism, "mechanism");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.bearer(this);
        }

        @Override
        public String toString() {
            return "Bearer[****]";
        }
    }
}
