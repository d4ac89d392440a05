package dev.postern.core.upstream;

import io.netty.channel.Channel;
import java.util.Objects;

/**
 * An upstream channel logged in as the user, with its pipeline emptied of login stages and
 * {@code AUTO_READ} off, ready to be spliced. {@code capabilities} is what the upstream announced
 * after login (IMAP: the capability list; SMTP: unused).
 */
public record UpstreamSession(Channel channel, String capabilities) {
    public UpstreamSession {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(capabilities, "capabilities");
    }
}
