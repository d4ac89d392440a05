package dev.postern.core.protocol;

import dev.postern.core.config.ListenerConfig;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.front.SuspendableDecoder;

/**
 * A started {@link Protocol}: it makes the protocol's part of each client pipeline (the shared
 * {@link ClientInitializer} puts them in order) and releases what it started.
 */
public interface RunningProtocol extends AutoCloseable {

    /** A new bounded pre-auth decoder for one client connection. */
    SuspendableDecoder newDecoder();

    /** A new front (state machine before login) for one client connection of {@code listener}. */
    PreAuthFront<?> newFront(ListenerConfig listener);

    /** Stops what {@link Protocol#start} started (probes); connections are not touched. */
    @Override
    default void close() {
    }
}
