package dev.postern.smtp.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.postern.core.testing.FuzzChunks;
import dev.postern.core.testing.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the SMTP pre-auth decoder: arbitrary octets in arbitrary reads, with a stand-in
 * front that suspends and discards as the real one may. Never an exception; every line free of CR,
 * LF and NUL and within the bound; never more values than line ends and over-long stretches allow;
 * at most one fatal value, last; every buffer released. Input layout as for the IMAP decoder's
 * target: payload first, then from the end a boolean (default bounds, else small ones), the small
 * line bound (one octet), the suspended-bytes multiplier (one octet), the cut pattern (8 octets)
 * and the front's actions (4 octets, 2 bits per value: none, suspend until the next read, discard).
 * Seeds: {@code src/test/resources/dev/postern/smtp/codec/SmtpLineDecoderFuzzTestInputs/linesInArbitraryReads/}.
 */
class SmtpLineDecoderFuzzTest {

    private static final int SUSPEND = 1;
    private static final int DISCARD = 2;

    @FuzzTest(maxDuration = "60s")
    void linesInArbitraryReads(FuzzedDataProvider data) {
        boolean defaults = data.consumeBoolean();
        int maxLine = defaults ? SmtpLineDecoder.DEFAULT_MAX_LINE_LENGTH : data.consumeInt(512, 767);
        int maxSuspended = defaults ? SmtpLineDecoder.DEFAULT_MAX_SUSPENDED : maxLine * data.consumeInt(1, 4);
        long cuts = data.consumeLong();
        int actions = data.consumeInt();
        byte[] payload = data.consumeRemainingAsBytes();

        TrackingAllocator allocator = new TrackingAllocator();
        SmtpLineDecoder decoder = new SmtpLineDecoder(maxLine, maxSuspended);
        List<SmtpInput> decoded = new ArrayList<>();
        boolean[] suspended = new boolean[1];
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                decoded.add((SmtpInput) msg);
                int action = (actions >>> (2 * ((decoded.size() - 1) % 16))) & 3;
                if (action == SUSPEND) {
                    decoder.suspend();
                    suspended[0] = true;
                } else if (action == DISCARD) {
                    decoder.discardBuffered();
                }
            }
        });

        for (byte[] chunk : FuzzChunks.split(payload, cuts)) {
            channel.writeInbound(channel.alloc().heapBuffer(chunk.length).writeBytes(chunk));
            if (suspended[0]) {
                suspended[0] = false;
                decoder.resume();
            }
            channel.checkException();
        }
        require(channel.readOutbound() == null, "the decoder wrote to the client");
        channel.finishAndReleaseAll();
        allocator.assertAllReleased();
        check(payload, maxLine, decoded);
    }

    private static void check(byte[] payload, int maxLine, List<SmtpInput> decoded) {
        int allowed = FuzzChunks.count(payload, '\n') + payload.length / maxLine;
        int nonFatal = 0;
        for (int i = 0; i < decoded.size(); i++) {
            SmtpInput input = decoded.get(i);
            if (input instanceof SmtpInput.Line line) {
                require(line.text().length() < maxLine, "line of " + line.text().length() + " chars (bound " + maxLine + ")");
                for (char c : line.text().toCharArray()) {
                    require(c != '\r' && c != '\n' && c != 0 && c <= 0xFF, "line char " + (int) c);
                }
                nonFatal++;
            } else if (input instanceof SmtpInput.Chunk chunk) {
                require(chunk.size() <= SmtpLineDecoder.MAX_SKIPPED_CHUNK, "chunk of " + chunk.size());
                nonFatal++;
            } else if (input instanceof SmtpInput.Malformed malformed) {
                require(!malformed.fatal() || i == decoded.size() - 1, "a fatal value must be the last one");
                require(malformed.fatal() == (malformed.reason().equals(SmtpInput.Malformed.TOO_MUCH_WHILE_SUSPENDED)
                                || malformed.reason().equals(SmtpInput.Malformed.CHUNK_TOO_LARGE)),
                        "fatal flag of " + malformed.reason());
                if (!malformed.fatal()) {
                    nonFatal++;
                }
            }
        }
        require(nonFatal <= allowed, nonFatal + " values (expected: at most " + allowed + ")");
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
