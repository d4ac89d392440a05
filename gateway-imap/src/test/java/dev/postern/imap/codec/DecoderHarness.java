package dev.postern.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An {@link ImapCommandDecoder} in an {@link EmbeddedChannel}, followed by a stand-in front that
 * may react to each decoded value (suspend, discard, ...) before passing it on, as the real front will.
 */
final class DecoderHarness {

    /** How the client's bytes are cut into reads. */
    enum Feed { WHOLE, BYTE_BY_BYTE }

    final ImapCommandDecoder decoder;
    final EmbeddedChannel channel;

    DecoderHarness() {
        this(ImapCommandDecoder.DEFAULT_MAX_LINE_LENGTH, (decoder, request) -> { });
    }

    DecoderHarness(int maxLineLength, BiConsumer<ImapCommandDecoder, ImapRequest> front) {
        decoder = new ImapCommandDecoder(maxLineLength);
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ImapRequest request) {
                    front.accept(decoder, request);
                }
                ctx.fireChannelRead(msg);
            }
        });
    }

    /** Octets as written, one char per octet (ISO-8859-1), so tests can spell NUL, CR and 8-bit octets. */
    static byte[] octets(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    void write(String text, Feed feed) {
        write(octets(text), feed);
    }

    void write(byte[] data, Feed feed) {
        if (feed == Feed.WHOLE) {
            channel.writeInbound(Unpooled.wrappedBuffer(data));
        } else {
            for (byte b : data) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        }
    }

    /** Every decoded value so far. */
    List<ImapRequest> inbound() {
        List<ImapRequest> values = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            assertThat(msg).isInstanceOf(ImapRequest.class);
            values.add((ImapRequest) msg);
        }
        return values;
    }

    /** The only decoded value so far. */
    ImapRequest single() {
        List<ImapRequest> values = inbound();
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    /** Everything the decoder wrote to the client, released. */
    String outbound() {
        StringBuilder written = new StringBuilder();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                written.append(buf.toString(StandardCharsets.US_ASCII));
            } finally {
                buf.release();
            }
        }
        return written.toString();
    }

    /** Asserts nothing is left over and closes the channel. */
    void finish() {
        assertNull(channel.readInbound());
        assertNull(channel.readOutbound());
        assertThat(channel.finish()).isFalse();
    }

    static ImapCommand command(String tag, String name, ImapArg... args) {
        return new ImapCommand(tag, name, List.of(args));
    }

    static ImapArg.Atom atom(String value) {
        return new ImapArg.Atom(value);
    }

    static ImapArg.Str str(String value) {
        return new ImapArg.Str(octets(value));
    }

    static ImapArg.ListArg list(ImapArg... items) {
        return new ImapArg.ListArg(List.of(items));
    }
}
