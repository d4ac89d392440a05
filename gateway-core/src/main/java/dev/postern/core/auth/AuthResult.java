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

    /** The presented secret matches an active app password whose scopes include the requested one. */
    record Success(String user, String appPasswordId, Set<Scope> scopes, Limits limits) implements AuthResult {
        public Success {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(appPasswordId, "appPasswordId");
            Objects.requireNonNull(limits, "limits");
            scopes = Set.copyOf(scopes);
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
