package dev.postern.server.imap;

import dev.postern.core.relay.SessionListener;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the bytes the gateway has relayed, per direction, over every session that reports to it. */
final class RelayCounter implements SessionListener {

    private final AtomicLong clientToUpstream = new AtomicLong();
    private final AtomicLong upstreamToClient = new AtomicLong();

    @Override
    public void relayed(Direction direction, int bytes) {
        (direction == Direction.CLIENT_TO_UPSTREAM ? clientToUpstream : upstreamToClient).addAndGet(bytes);
    }

    @Override
    public void closedBy(Cause cause) {
    }

    long clientToUpstream() {
        return clientToUpstream.get();
    }

    long upstreamToClient() {
        return upstreamToClient.get();
    }
}
