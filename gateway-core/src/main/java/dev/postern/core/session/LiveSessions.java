package dev.postern.core.session;

import dev.postern.core.relay.SessionListener;
import io.netty.channel.Channel;

/**
 * Where one protocol's login flow registers each session it relays, with what it logged in with; the
 * session leaves by itself when its client channel closes.
 */
@FunctionalInterface
public interface LiveSessions {

    /** Tracks nothing: for tests of a front on its own. */
    LiveSessions NONE = (client, upstream, user, appPasswordId, credentialVersion, listener, events) -> { };

    /**
     * Registers a session just spliced. Called on its event loop.
     *
     * @param user          the normalised user it logged in as
     * @param appPasswordId the app password it logged in with
     * @param credentialVersion the user's upstream credential count its login read (negative when
     *                      unknown): a higher count read later means the session used a credential since replaced
     * @param listener      the listener address, for the audit line
     * @param events        the session's listener, told {@code REVOKED} if the gateway ends it
     */
    void register(Channel client, Channel upstream, String user, String appPasswordId, long credentialVersion,
                  String listener, SessionListener events);
}
