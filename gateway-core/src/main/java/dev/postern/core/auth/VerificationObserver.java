package dev.postern.core.auth;

/**
 * Told how each credential check that reached a verdict was answered: from the hot cache, or by
 * paying the slow hash (joining another caller's identical check counts as a hash). For metrics;
 * called on a pool thread or the caller's, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface VerificationObserver {

    /**
     * @param scope    the protocol the client logged in with
     * @param cacheHit true when the hot cache answered, false when a hash was computed
     * @param nanos    from the start of the check to its verdict (store lookup included)
     */
    void verified(Scope scope, boolean cacheHit, long nanos);

    /** Reports nothing. */
    VerificationObserver NONE = (scope, cacheHit, nanos) -> {
    };
}
