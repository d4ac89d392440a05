package dev.postern.core.relay;

import dev.postern.core.store.Scope;
import java.util.Optional;
import java.util.Set;

/**
 * Which post-login restriction, if any, an app password's scopes put on its session. A protocol
 * gives one to its login flow; the flow asks it once per accepted login, at the hand-off.
 */
@FunctionalInterface
public interface Restrictions {

    /** No restriction for any app password: every session is spliced without parsing. */
    Restrictions NONE = scopes -> Optional.empty();

    Optional<SessionRestriction> forScopes(Set<Scope> scopes);
}
