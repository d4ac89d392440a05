package dev.postern.core.upstream;

import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Splits upstream replies into lines during the login dialogue, and can drop whatever the upstream
 * sent after the line being handled: after an upstream's STARTTLS OK, any byte that arrived before
 * the handshake is an injection attempt (the client-side half of CVE-2011-0411) and is discarded.
 */
public final class LineFramer extends LineBasedFrameDecoder {

    /** Longest upstream line accepted during login (a long CAPABILITY or EHLO list fits easily). */
    public static final int MAX_LINE = 64 * 1024;

    public LineFramer() {
        super(MAX_LINE, true, true);
    }

    /** Drops every byte buffered behind the current line. Call on the event loop. */
    public void discardBuffered() {
        if (internalBuffer().isReadable()) {
            internalBuffer().skipBytes(internalBuffer().readableBytes());
        }
    }
}
