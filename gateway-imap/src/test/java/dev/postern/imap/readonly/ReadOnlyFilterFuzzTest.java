package dev.postern.imap.readonly;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.postern.core.testing.FuzzChunks;
import dev.postern.core.testing.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the read-only session: whatever a client sends, cut into arbitrary reads, the
 * upstream ({@link ModelUpstream}, answering at once, granting or refusing literals as the input
 * says) never reads a command outside the allow-list or a non-synchronizing literal, Postern's own
 * answers are whole lines, nothing throws, and every buffer is released. Without {@code JAZZER_FUZZ}
 * it runs the seeds in {@code src/test/resources/dev/postern/imap/readonly/ReadOnlyFilterFuzzTestInputs/}.
 *
 * <p>Layout of an input: the payload first; from the end, the line bound (a boolean: the default,
 * else a small one of one octet), the cut pattern ({@link FuzzChunks}, 8 octets) and which literals
 * the model refuses (8 octets, one bit per literal).
 */
class ReadOnlyFilterFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void commandsInArbitraryReads(FuzzedDataProvider data) {
        int maxLine = data.consumeBoolean() ? ReadOnlyFilter.MAX_LINE : data.consumeInt(64, 319);
        long cuts = data.consumeLong();
        long refusals = data.consumeLong();
        byte[] payload = data.consumeRemainingAsBytes();

        TrackingAllocator allocator = new TrackingAllocator();
        CommandLedger ledger = new CommandLedger();
        ReadOnlyFilter filter = new ReadOnlyFilter(ledger, "IMAP4rev1 IDLE", maxLine);
        EmbeddedChannel client = new EmbeddedChannel(filter);
        client.config().setAllocator(allocator);
        EmbeddedChannel upstream = new EmbeddedChannel(new ReplyWatch(ledger, filter));
        upstream.config().setAllocator(allocator);
        ModelUpstream model = new ModelUpstream();
        int literals = 0;
        for (byte[] chunk : FuzzChunks.split(payload, cuts)) {
            if (!client.isOpen()) {
                break; // Postern ended the session (BYE): nothing more is read
            }
            client.writeInbound(client.alloc().heapBuffer(chunk.length).writeBytes(chunk));
            // the model answers; its answers may let the filter pass more, which the model reads in turn
            for (String forwarded = drain(client, true, allocator); !forwarded.isEmpty();
                    forwarded = drain(client, true, allocator)) {
                boolean refuse = (refusals >>> (literals++ % 64) & 1) == 1;
                String answer = model.read(forwarded, refuse);
                if (!answer.isEmpty()) {
                    upstream.writeInbound(upstream.alloc().heapBuffer().writeBytes(answer.getBytes(StandardCharsets.US_ASCII)));
                    drain(upstream, true, allocator);
                }
            }
            String answered = drain(client, false, allocator);
            if (!answered.isEmpty() && !answered.endsWith("\r\n")) {
                throw new AssertionError("Postern answered a partial line: " + answered);
            }
            client.checkException();
            upstream.checkException();
        }
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
        allocator.assertAllReleased();
    }

    private static String drain(EmbeddedChannel channel, boolean inbound, TrackingAllocator allocator) {
        StringBuilder text = new StringBuilder();
        for (Object msg; (msg = inbound ? channel.readInbound() : channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            text.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }
}
