package dev.postern.core.relay;

/**
 * What a post-login restriction (read-only IMAP) changes in a session: what the client is told it
 * may use, and the stages that enforce it. A session without one keeps the zero-parse splice.
 */
public interface SessionRestriction {

    /**
     * What the client is told after login, from the capabilities the upstream announced (IMAP's
     * list; protocols without one pass it on as it is).
     */
    String capabilities(String upstreamCapabilities);

    /**
     * New stages for one session.
     *
     * @param announced what the client was told after login, as {@link #capabilities} made it
     */
    RelayStages newStages(String announced);
}
