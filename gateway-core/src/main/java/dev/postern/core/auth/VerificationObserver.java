package dev.postern.core.auth;

import dev.postern.core.store.Scope;

/**
 * Told how each credential check that reached a verdict was answered: from the hot cache, or by
 * paying the slow hash. Only the caller whose check computed the hash counts as a hash: callers that
 * joined its identical in-flight check count as cache hits, so the hash count is the pool's work. For metrics;
 * called on a pool thread or the caller's, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface VerificationObserver {

    /**
     * @param scope    the protocol the client logged in with
     * @param cacheHit true when no hash was computed for this caller (hot cache, or another caller's
     *                 identical check in flight), false when this caller's check computed it
     * @param nanos    from the start of the check to its verdict (store lookup included)
     */
    void verified(Scope scope, boolean cacheHit, long nanos);

    /** Reports nothing. */
    VerificationObserver NONE = (scope, cacheHit, nanos) -> {
    };
}
