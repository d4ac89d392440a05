package dev.postern.core.protocol;

import dev.postern.core.config.ProtocolConfig;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;

/**
 * One mail protocol that Postern fronts. A protocol module implements it once, and the gateway
 * registers one instance; everything protocol-specific that the gateway needs goes through here.
 */
public interface Protocol {

    /**
     * The protocol's name: its configuration section, the {@code protocol} label in metrics, the
     * audit log and the log context, and the listener names in the log ({@code imap}, {@code smtp}).
     */
    String name();

    /** The scope an app password needs to log in through this protocol. */
    Scope scope();

    /** The upstream login dialogue for one upstream channel, as configured. */
    UpstreamConnector.LoginFactory upstreamLogin(ProtocolConfig config);

    /**
     * What a client refused by the connection limits hears on a listener without implicit TLS
     * (with its line ending), e.g. IMAP's {@code * BYE}; null to close without a word.
     */
    String tooManyConnections(ProtocolConfig config);

    /**
     * The last line a relayed session hears when the app password it logged in with is revoked or
     * expires, or its user is removed (with its line ending), e.g. IMAP's {@code * BYE}; the gateway
     * then closes the connection.
     */
    String revoked(ProtocolConfig config);

    /**
     * Starts what the protocol's connections share (settings, probes of the upstream's features);
     * the gateway then asks the result for each listener's client pipelines and closes it at stop.
     */
    RunningProtocol start(ProtocolConfig config, ProtocolContext context);
}
