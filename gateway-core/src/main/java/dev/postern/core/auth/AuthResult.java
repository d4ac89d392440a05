package dev.postern.core.auth;

import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of one credential check. The client sees only "accepted", "refused" or "try later";
 * the reasons are for the audit log and metrics.
 */
public sealed interface AuthResult {

    /**
     * The presented secret matches an active app password whose scopes include the requested one.
     * {@code credentialVersion} is the user's upstream credential count as the check read it (the
     * credential the login then uses is at least that new), or {@link #UNKNOWN_VERSION}.
     */
    record Success(String user, String appPasswordId, Set<Scope> scopes, Limits limits, long credentialVersion)
            implements AuthResult {

        /** The check did not read the user's credential count. */
        public static final long UNKNOWN_VERSION = -1;

        public Success {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(appPasswordId, "appPasswordId");
            Objects.requireNonNull(limits, "limits");
            scopes = Set.copyOf(scopes);
        }

        public Success(String user, String appPasswordId, Set<Scope> scopes, Limits limits) {
            this(user, appPasswordId, scopes, limits, UNKNOWN_VERSION);
        }

        /** An app password without limits beyond its scopes. */
        public Success(String user, String appPasswordId, Set<Scope> scopes) {
            this(user, appPasswordId, scopes, Limits.NONE);
        }
    }

    /** Refused. Every reason reads the same to the client. */
    record Rejected(RejectReason reason) implements AuthResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The check could not be made (store down, hash pool saturated); a temporary failure for the client. */
    record Unavailable(String cause) implements AuthResult {
        public Unavailable {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
