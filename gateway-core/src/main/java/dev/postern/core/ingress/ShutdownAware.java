package dev.postern.core.ingress;

/**
 * A protocol front's part in stopping the gateway: what to say to a client that has not logged in
 * yet. Each front registers one per connection with {@link ConnectionRegistry#register}; IMAP says
 * {@code * BYE Server shutting down.}, SMTP {@code 421 4.3.2 Service shutting down}.
 */
@FunctionalInterface
public interface ShutdownAware {

    /**
     * The user event that {@link ConnectionRegistry} fires into every pipeline still open when the
     * grace period ends: a relayed session reports cause {@code SHUTDOWN} and closes both sides.
     */
    Object GRACE_PERIOD_OVER = new Object() {
        @Override
        public String toString() {
            return "GRACE_PERIOD_OVER";
        }
    };

    /**
     * Runs once, on the connection's event loop, when the gateway begins to stop. A connection still
     * before login writes its protocol's goodbye and closes; a relayed session (front already gone
     * from the pipeline) does nothing and is left to drain.
     */
    void shuttingDown();
}
