package dev.postern.core.upstream;

/**
 * Told how each upstream leg went, for metrics: how long the TCP connect and the login dialogue
 * took, or which kind of failure ended it. Called on the session's event loop; must be quick.
 */
public interface UpstreamObserver {

    /** The TCP connection was established {@code nanos} after the attempt started. */
    void connected(long nanos);

    /** The login dialogue finished {@code nanos} after the TCP connection was established. */
    void loggedIn(long nanos);

    /** The leg failed (connect, TLS, greeting, login); reported once per attempt. */
    void failed(UpstreamFailure.Kind kind);

    /** Reports nothing. */
    UpstreamObserver NONE = new UpstreamObserver() {
        @Override
        public void connected(long nanos) {
        }

        @Override
        public void loggedIn(long nanos) {
        }

        @Override
        public void failed(UpstreamFailure.Kind kind) {
        }
    };
}
