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

    /** Reports to both {@code first} and {@code second}. */
    static SessionListener both(SessionListener first, SessionListener second) {
        if (second == NONE) {
            return first;
        }
        return new SessionListener() {
            @Override
            public void relayed(Direction direction, int bytes) {
                first.relayed(direction, bytes);
                second.relayed(direction, bytes);
            }

            @Override
            public void closedBy(Cause cause) {
                first.closedBy(cause);
                second.closedBy(cause);
            }
        };
    }

    SessionListener NONE = new SessionListener() {
        @Override
        public void relayed(Direction direction, int bytes) {
        }

        @Override
        public void closedBy(Cause cause) {
        }
    };
}
