/**
 * After login: splicing the client channel and the upstream channel together, bytes untouched,
 * with backpressure (read only after the previous write succeeded), idle timeout and session
 * events; for a session under a post-login restriction ({@link dev.postern.core.relay.SessionRestriction},
 * chosen by {@link dev.postern.core.relay.Restrictions} from the app password's scopes), the
 * protocol's filter stages ahead of the relay stages.
 */
package dev.postern.core.relay;
