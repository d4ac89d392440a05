package dev.postern.imap.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/**
 * One read-only session's two stages in two {@link EmbeddedChannel}s: {@link #client} holds the
 * {@link ReadOnlyFilter} (what it passes on is read from its inbound side, what it answers from its
 * outbound side), {@link #upstream} the {@link ReplyWatch} (replies pass through it untouched).
 * Every buffer read here is released here.
 */
final class ReadOnlySession implements AutoCloseable {

    static final String CAPABILITIES = "IMAP4rev1 IDLE UIDPLUS";

    /** How the client's bytes are cut into reads. */
    enum Feed { WHOLE, BYTE_BY_BYTE }

    final EmbeddedChannel client;
    final EmbeddedChannel upstream;

    ReadOnlySession() {
        this(ReadOnlyFilter.MAX_LINE);
    }

    ReadOnlySession(int maxLine) {
        CommandLedger ledger = new CommandLedger();
        ReadOnlyFilter filter = new ReadOnlyFilter(ledger, CAPABILITIES, maxLine);
        client = new EmbeddedChannel(filter);
        upstream = new EmbeddedChannel(new ReplyWatch(ledger, filter));
    }

    /** The client sends {@code text}, in one read or one octet per read. */
    void send(String text, Feed feed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (feed == Feed.WHOLE) {
            client.writeInbound(Unpooled.wrappedBuffer(bytes));
            return;
        }
        for (byte b : bytes) {
            client.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    void send(String text) {
        send(text, Feed.WHOLE);
    }

    /** The upstream replies {@code text}; it must reach the client side untouched. */
    void reply(String text) {
        upstream.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        assertThat(drain(upstream, true)).isEqualTo(text);
    }

    /** Everything the filter passed on to the upstream so far. */
    String forwarded() {
        return drain(client, true);
    }

    /** Everything Postern answered the client itself so far. */
    String answered() {
        return drain(client, false);
    }

    private static String drain(EmbeddedChannel channel, boolean inbound) {
        StringBuilder text = new StringBuilder();
        Object msg;
        while ((msg = inbound ? channel.readInbound() : channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            text.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return text.toString();
    }

    @Override
    public void close() {
        forwarded();
        answered();
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }
}
