package dev.postern.core.relay;

import io.netty.channel.ChannelHandler;
import java.util.Objects;

/**
 * The stages a restricted session adds to the splice, one per direction, each ahead of that
 * direction's relay stage. They are new for each session and may share state with each other
 * (both run on the session's one event loop).
 *
 * @param fromClient   sees what the client sends and passes on only what may reach the upstream
 * @param fromUpstream sees what the upstream sends and passes every byte on untouched (to learn, for
 *                     example, when a command has completed); null when the restriction needs none
 */
public record RelayStages(ChannelHandler fromClient, ChannelHandler fromUpstream) {

    public RelayStages {
        Objects.requireNonNull(fromClient, "fromClient");
    }
}
