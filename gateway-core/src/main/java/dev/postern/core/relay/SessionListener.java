package dev.postern.core.relay;

/**
 * What a relayed session reports: bytes per direction and why it ended. Called on the session's
 * event loop; implementations must be quick and must not block. The first {@link #closedBy} call
 * of a session names its cause; later calls of the same session may be ignored.
 */
public interface SessionListener {

    /** Why a session ended. */
    enum Cause { CLIENT, UPSTREAM, IDLE, REVOKED, SHUTDOWN }

    /** The direction bytes flow in. */
    enum Direction {
        CLIENT_TO_UPSTREAM(Cause.CLIENT), UPSTREAM_TO_CLIENT(Cause.UPSTREAM);

        private final Cause closedBySource;

        Direction(Cause closedBySource) {
            this.closedBySource = closedBySource;
        }

        /** The cause reported when the side this direction reads from closes. */
        Cause from() {
            return closedBySource;
        }
    }

    void relayed(Direction direction, int bytes);

    void closedBy(Cause cause);

    SessionListener NONE = new SessionListener() {
        @Override
        public void relayed(Direction direction, int bytes) {
        }

        @Override
        public void closedBy(Cause cause) {
        }
    };
}
