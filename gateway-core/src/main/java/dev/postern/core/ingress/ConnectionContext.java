package dev.postern.core.ingress;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Who a log line is about: connection id, protocol, client IP and phase, kept on the channel and
 * copied into the SLF4J MDC ({@value #CONN}, {@value #PROTO}, {@value #CLIENT}, {@value #PHASE})
 * while a callback of that connection runs. Event loops serve many connections, so the MDC is set
 * on entry and cleared on exit ({@link ConnectionContextHandler} does it for pipeline events,
 * {@link #run} for tasks scheduled outside the pipeline).
 */
public final class ConnectionContext {

    public static final String CONN = "conn";
    public static final String PROTO = "proto";
    public static final String CLIENT = "client";
    public static final String PHASE = "phase";

    /** Phases a connection passes through. */
    public static final String PHASE_PRE_AUTH = "pre-auth";
    public static final String PHASE_LOGIN = "login";
    public static final String PHASE_RELAY = "relay";

    private static final AttributeKey<ConnectionContext> KEY = AttributeKey.valueOf("postern.connection-context");

    private final String id;
    private final String protocol;
    private final String client;
    // Written and read on the connection's event loop only.
    private String phase = PHASE_PRE_AUTH;

    private ConnectionContext(String id, String protocol, String client) {
        this.id = id;
        this.protocol = protocol;
        this.client = client;
    }

    /** Attaches a context to a new client connection (the client IP is read now, PROXY header included if already seen). */
    public static ConnectionContext attach(Channel channel, String protocol) {
        ConnectionContext context = new ConnectionContext(channel.id().asShortText(), Objects.requireNonNull(protocol),
                ClientAddress.ip(channel));
        channel.attr(KEY).set(context);
        return context;
    }

    /** The channel's context, or null when it has none. */
    public static ConnectionContext of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** Records the phase the connection is in now, if it has a context. */
    public static void phase(Channel channel, String phase) {
        ConnectionContext context = of(channel);
        if (context != null) {
            context.phase = phase;
            MDC.put(PHASE, phase);
        }
    }

    /** Runs {@code task} with the channel's context in the MDC (for scheduled tasks and future callbacks). */
    public static void run(Channel channel, Runnable task) {
        ConnectionContext context = of(channel);
        if (context == null) {
            task.run();
            return;
        }
        String[] previous = {MDC.get(CONN), MDC.get(PROTO), MDC.get(CLIENT), MDC.get(PHASE)};
        context.enter();
        try {
            task.run();
        } finally {
            restore(previous);
        }
    }

    public String id() {
        return id;
    }

    void enter() {
        MDC.put(CONN, id);
        MDC.put(PROTO, protocol);
        MDC.put(CLIENT, client);
        MDC.put(PHASE, phase);
    }

    /** Puts back what the MDC held before (nothing, on an event loop; another connection's context when nested). */
    private static void restore(String[] previous) {
        String[] keys = {CONN, PROTO, CLIENT, PHASE};
        for (int i = 0; i < keys.length; i++) {
            if (previous[i] == null) {
                MDC.remove(keys[i]);
            } else {
                MDC.put(keys[i], previous[i]);
            }
        }
    }
}
