package dev.postern.imap.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.postern.core.testing.FuzzChunks;
import dev.postern.core.testing.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One fuzz execution of {@link ImapCommandDecoder}: the fuzzer's payload is cut into reads and
 * written into an {@link EmbeddedChannel}; a stand-in front reacts to each decoded value as the real
 * one may (continuation mode after {@code AUTHENTICATE}, suspend, discard). Then the invariants of
 * {@link ImapRequestInvariants} are checked and every buffer must have been released.
 *
 * <p>Layout of an input (seed files follow it): the payload first; {@link FuzzedDataProvider} reads
 * the settings from the end: a boolean (default line bound, else a small one), the small bound (one
 * octet), the cut pattern ({@link FuzzChunks}, 8 octets) and the front's actions (4 octets, 2 bits per
 * decoded value: none, suspend until the next read, discard buffered, continuation line next).
 */
final class ImapDecoderFuzzRun {

    private static final int SUSPEND = 1;
    private static final int DISCARD = 2;
    private static final int CONTINUATION = 3;

    private final boolean continuationMode;
    private final int actions;
    private final ImapCommandDecoder decoder;
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final EmbeddedChannel channel;
    private final List<ImapRequest> decoded = new ArrayList<>();
    private int continuationsSent;
    private boolean suspended;

    private ImapDecoderFuzzRun(int maxLine, boolean continuationMode, int actions) {
        this.continuationMode = continuationMode;
        this.actions = actions;
        this.decoder = new ImapCommandDecoder(maxLine);
        this.channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                react((ImapRequest) msg);
            }
        });
    }

    static void run(FuzzedDataProvider data, boolean continuationMode) {
        int maxLine = data.consumeBoolean() ? ImapCommandDecoder.DEFAULT_MAX_LINE_LENGTH : data.consumeInt(64, 319);
        long cuts = data.consumeLong();
        int actions = data.consumeInt();
        byte[] payload = data.consumeRemainingAsBytes();
        new ImapDecoderFuzzRun(maxLine, continuationMode, actions).feed(payload, cuts);
    }

    private void react(ImapRequest request) {
        decoded.add(request);
        if (request instanceof ImapMalformed malformed && malformed.fatal()) {
            return;
        }
        int action = (actions >>> (2 * ((decoded.size() - 1) % 16))) & 3;
        boolean authenticate = request instanceof ImapCommand command && command.name().equals("AUTHENTICATE");
        if (action == CONTINUATION || authenticate || (continuationMode && action == 0)) {
            decoder.expectContinuationLine();
        } else if (action == SUSPEND) {
            decoder.suspend();
            suspended = true;
        } else if (action == DISCARD) {
            decoder.discardBuffered();
        }
    }

    private void feed(byte[] payload, long cuts) {
        if (continuationMode) {
            decoder.expectContinuationLine();
        }
        for (byte[] chunk : FuzzChunks.split(payload, cuts)) {
            ByteBuf buf = channel.alloc().heapBuffer(chunk.length).writeBytes(chunk);
            channel.writeInbound(buf); // rethrows anything the pipeline caught
            if (suspended) {
                suspended = false;
                decoder.resume(); // the front resumes before the next read
            }
            channel.checkException();
            drainOutbound();
        }
        channel.checkException();
        drainOutbound();
        channel.finishAndReleaseAll();
        allocator.assertAllReleased();
        ImapRequestInvariants.check(payload, decoded, continuationsSent);
    }

    private void drainOutbound() {
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            ByteBuf buf = allocator.track((ByteBuf) msg);
            String written = buf.toString(StandardCharsets.US_ASCII);
            buf.release();
            if (!written.equals(ImapCommandDecoder.LITERAL_CONTINUATION)) {
                throw new AssertionError("decoder wrote " + written.length() + " unexpected chars");
            }
            continuationsSent++;
        }
    }
}
