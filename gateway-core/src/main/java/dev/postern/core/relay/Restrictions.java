package dev.postern.core.relay;

import dev.postern.core.auth.AuthResult;
import java.util.Optional;

/**
 * Which post-login restriction, if any, an app password's scopes and limits put on its session. A
 * protocol gives one to its login flow; the flow asks it once per accepted login, at the hand-off.
 */
@FunctionalInterface
public interface Restrictions {

    /** No restriction for any app password: every session is spliced without parsing. */
    Restrictions NONE = login -> Optional.empty();

    /** The restriction on the session of {@code login} (its scopes and limits), or empty for the plain splice. */
    Optional<SessionRestriction> forLogin(AuthResult.Success login);
}
