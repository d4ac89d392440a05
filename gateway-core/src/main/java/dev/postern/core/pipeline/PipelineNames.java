package dev.postern.core.pipeline;

/**
 * Every handler name used in Postern's pipelines, in one place. A client pipeline is assembled
 * in this order: {@link #CONTEXT} -> [{@link #PROXY_DECODER} -> {@link #PROXY_STAGE}] -> {@link #LIMITS} -> {@link #PRE_AUTH_TIMEOUT} -> {@link #TLS} -> {@link #DECODER} -> {@link #FRONT};
 * at hand-off the front stages remove themselves and {@link #IDLE} -> [{@link #FILTER}] -> {@link #RELAY} take over
 * (the upstream side gets [{@link #UPSTREAM_WATCH}] -> {@link #RELAY}).
 */
public final class PipelineNames {

    /** Puts the connection's id, protocol, client IP and phase in the logging MDC (first stage). */
    public static final String CONTEXT = "context";
    /** netty's PROXY protocol header decoder (listeners with proxy-protocol); removes itself after the header. */
    public static final String PROXY_DECODER = "proxy-decoder";
    /** Takes the client address from the PROXY header, then removes itself and lets channelActive through. */
    public static final String PROXY_STAGE = "proxy-stage";
    /** Connection limits: global and per-source caps, per-source connection rate. */
    public static final String LIMITS = "limits";
    /** Closes a connection that has not logged in within the pre-auth timeout. */
    public static final String PRE_AUTH_TIMEOUT = "pre-auth-timeout";
    /** The SslHandler (implicit TLS at accept, or added by STARTTLS). */
    public static final String TLS = "tls";
    /** The protocol's pre-auth decoder (IMAP command decoder, SMTP line decoder). */
    public static final String DECODER = "decoder";
    /** The protocol's pre-auth state machine that answers everything before login. */
    public static final String FRONT = "front";
    /** Post-login idle timer. */
    public static final String IDLE = "idle";
    /** A restricted session's post-login command filter (read-only IMAP), ahead of the client's relay stage. */
    public static final String FILTER = "filter";
    /** Splices bytes to the peer channel after login. */
    public static final String RELAY = "relay";

    /** Upstream side, first: acknowledges upstream segments at once during the login dialogue. */
    public static final String UPSTREAM_QUICKACK = "upstream-quickack";
    /** Upstream side: a connection kept ready before any login holds the greeting here until one takes it. */
    public static final String UPSTREAM_PARKED = "upstream-parked";
    /** Upstream side: splits upstream replies into lines during the login dialogue. */
    public static final String UPSTREAM_FRAMER = "upstream-framer";
    /** Upstream side: the protocol's login dialogue. */
    public static final String UPSTREAM_LOGIN = "upstream-login";
    /** Upstream side of a restricted session: watches replies (untouched) ahead of the upstream's relay stage. */
    public static final String UPSTREAM_WATCH = "upstream-watch";

    private PipelineNames() {
    }
}
