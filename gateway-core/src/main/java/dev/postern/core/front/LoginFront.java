package dev.postern.core.front;

import io.netty.channel.ChannelHandlerContext;

/** The protocol front a {@link LoginFlow} works for. Every method is called on the channel's event loop. */
public interface LoginFront {

    ChannelHandlerContext context();

    PreAuthDecoder decoder();

    /** Writes and flushes a reply (complete lines, CRLF included). */
    void reply(String text);

    /** Writes a last line, then closes the connection. */
    void closeWith(String lastLine);

    /** The login succeeded: the pre-auth timeout no longer applies. */
    void cancelPreAuthTimer();
}
