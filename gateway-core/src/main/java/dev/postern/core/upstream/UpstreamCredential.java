package dev.postern.core.upstream;

import java.util.Objects;

/**
 * The secret Postern logs in upstream with. The client never sees it; {@link #toString()} never
 * shows the secret.
 */
public sealed interface UpstreamCredential {

    /** SASL PLAIN with authzid = the user, authcid = {@code masterUser}. */
    record MasterUser(String masterUser, String masterPassword) implements UpstreamCredential {
        public MasterUser {
            Objects.requireNonNull(masterUser, "masterUser");
            Objects.requireNonNull(masterPassword, "masterPassword");
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
        public String toString() {
            return "UserPassword[****]";
        }
    }
}
