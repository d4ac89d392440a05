package dev.postern.pop3.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.postern.core.testing.FuzzChunks;
import dev.postern.core.testing.TrackingAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the POP3 pre-auth decoder: arbitrary octets in arbitrary reads, with a stand-in
 * front that suspends, discards and announces SASL responses as the real one may. Never an exception;
 * every line free of CR, LF and NUL and within the bound that applied to it (the SASL bound only right
 * after an announcement); never more values than line ends and over-long stretches allow; at most one
 * fatal value, last; every buffer released.
 *
 * <p>Input layout as for the SMTP decoder's target: payload first, then from the end a boolean
 * (default bounds, else small ones), for small bounds the command line bound (one octet, 255 to 510),
 * the SASL bound's and the suspended bound's multipliers (one octet each, 1 to 4), then the cut pattern
 * (8 octets) and the front's actions (4 octets, 2 bits per value: none, suspend until the next read,
 * discard, expect a SASL response). Seeds:
 * {@code src/test/resources/dev/postern/pop3/codec/Pop3LineDecoderFuzzTestInputs/linesInArbitraryReads/}.
 */
class Pop3LineDecoderFuzzTest {

    private static final int SUSPEND = 1;
    private static final int DISCARD = 2;
    private static final int EXPECT_SASL = 3;

    @FuzzTest(maxDuration = "60s")
    void linesInArbitraryReads(FuzzedDataProvider data) {
        boolean defaults = data.consumeBoolean();
        int maxLine = defaults ? Pop3LineDecoder.DEFAULT_MAX_LINE_LENGTH : data.consumeInt(255, 510);
        int maxSasl = defaults ? Pop3LineDecoder.DEFAULT_MAX_SASL_LINE_LENGTH : maxLine * data.consumeInt(1, 4);
        int maxSuspended = defaults ? Pop3LineDecoder.DEFAULT_MAX_SUSPENDED : maxLine * data.consumeInt(1, 4);
        long cuts = data.consumeLong();
        int actions = data.consumeInt();
        byte[] payload = data.consumeRemainingAsBytes();

        TrackingAllocator allocator = new TrackingAllocator();
        Pop3LineDecoder decoder = new Pop3LineDecoder(maxLine, maxSasl, maxSuspended);
        List<Pop3Input> decoded = new ArrayList<>();
        boolean[] suspended = new boolean[1];
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                decoded.add((Pop3Input) msg);
                int action = action(actions, decoded.size() - 1);
                if (action == SUSPEND) {
                    decoder.suspend();
                    suspended[0] = true;
                } else if (action == DISCARD) {
                    decoder.discardBuffered();
                } else if (action == EXPECT_SASL) {
                    decoder.expectSaslResponse();
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
        check(payload, maxLine, maxSasl, actions, decoded);
    }

    /** The stand-in front's action after the value at {@code index}. */
    private static int action(int actions, int index) {
        return (actions >>> (2 * (index % 16))) & 3;
    }

    private static void check(byte[] payload, int maxLine, int maxSasl, int actions, List<Pop3Input> decoded) {
        int allowed = FuzzChunks.count(payload, '\n') + payload.length / maxLine;
        int nonFatal = 0;
        for (int i = 0; i < decoded.size(); i++) {
            Pop3Input input = decoded.get(i);
            if (input instanceof Pop3Input.Line line) {
                int bound = i > 0 && action(actions, i - 1) == EXPECT_SASL ? maxSasl : maxLine;
                require(line.text().length() < bound, "line of " + line.text().length() + " chars (bound " + bound + ")");
                for (char c : line.text().toCharArray()) {
                    require(c != '\r' && c != '\n' && c != 0 && c <= 0xFF, "line char " + (int) c);
                }
                nonFatal++;
            } else if (input instanceof Pop3Input.Malformed malformed) {
                require(!malformed.fatal() || i == decoded.size() - 1, "a fatal value must be the last one");
                require(malformed.fatal() == malformed.reason().equals(Pop3Input.Malformed.TOO_MUCH_WHILE_SUSPENDED),
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
