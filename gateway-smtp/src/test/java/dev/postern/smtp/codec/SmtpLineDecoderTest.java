package dev.postern.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every decoder case fed whole, byte by byte, and several lines in one buffer. */
class SmtpLineDecoderTest {

    enum Feed { WHOLE, BYTE_BY_BYTE }

    private static final int MAX = SmtpLineDecoder.DEFAULT_MAX_LINE_LENGTH;

    private SmtpLineDecoder decoder;
    private EmbeddedChannel channel;

    private void start(BiConsumer<SmtpLineDecoder, SmtpInput> front) {
        decoder = new SmtpLineDecoder();
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof SmtpInput input) {
                    front.accept(decoder, input);
                }
                ctx.fireChannelRead(msg);
            }
        });
    }

    private void write(String text, Feed feed) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        if (feed == Feed.WHOLE) {
            channel.writeInbound(Unpooled.wrappedBuffer(data));
        } else {
            for (byte b : data) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        }
    }

    private List<SmtpInput> inbound() {
        List<SmtpInput> values = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            values.add((SmtpInput) msg);
        }
        return values;
    }

    private void finish() {
        assertNull(channel.readInbound());
        assertThat(channel.finish()).isFalse();
    }

    private static SmtpInput line(String text) {
        return new SmtpInput.Line(text);
    }

    private static SmtpInput malformed(String reason) {
        return new SmtpInput.Malformed(reason, false);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldEmitEachLineWithoutItsLineEnding(Feed feed) {
        // given
        start((d, in) -> { });

        // when: CRLF, a bare LF, an empty line and 8-bit octets, all in one buffer
        write("EHLO client.example\r\nNOOP\n\r\nAUTH PLAIN \u00e9=\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(line("EHLO client.example"), line("NOOP"), line(""),
                line("AUTH PLAIN \u00e9="));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldWaitForTheLineEnding(Feed feed) {
        // given
        start((d, in) -> { });

        // when
        write("EHLO x", feed);

        // then
        assertThat(inbound()).isEmpty();
        write("\r\n", feed);
        assertThat(inbound()).containsExactly(line("EHLO x"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseNulAndBareCrButStayInStep(Feed feed) {
        // given
        start((d, in) -> { });

        // when
        write("NO\0OP\r\nRS\rET\r\nQUIT\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(malformed(SmtpInput.Malformed.NUL_OCTET),
                malformed(SmtpInput.Malformed.BARE_CR), line("QUIT"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAcceptALineOfExactlyTheBound(Feed feed) {
        // given
        start((d, in) -> { });
        String longest = "AUTH PLAIN " + "A".repeat(MAX - "AUTH PLAIN ".length() - 2);

        // when
        write(longest + "\r\nNOOP\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(line(longest), line("NOOP"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseALineOverTheBoundOnceAndSkipItsRest(Feed feed) {
        // given
        start((d, in) -> { });

        // when: the rest of the long line holds what would read as a command
        write("AUTH PLAIN " + "A".repeat(MAX) + "\r\nMAIL FROM:<x>\r\nNOOP\r\n".replace("\r\nMAIL", "MAIL"), feed);

        // then
        assertThat(inbound()).containsExactly(malformed(SmtpInput.Malformed.LINE_TOO_LONG), line("NOOP"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldHoldLinesWhileSuspendedAndEmitThemInOrderOnResume(Feed feed) {
        // given: the front suspends on AUTH, as during a credential check
        start((d, in) -> {
            if (in instanceof SmtpInput.Line l && l.text().startsWith("AUTH")) {
                d.suspend();
            }
        });

        // when
        write("AUTH PLAIN AGEAYg==\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(line("AUTH PLAIN AGEAYg=="));
        decoder.resume();
        assertThat(inbound()).containsExactly(line("MAIL FROM:<a@b>"), line("RCPT TO:<c@d>"));
        finish();
    }

    @Test
    void shouldRefireBufferedBytesUntouchedWhenRemovedWhileSuspended() {
        // given
        start((d, in) -> d.suspend());
        write("AUTH PLAIN AGEAYg==\r\nMAIL FROM:<a@b>\r\nDATA\r\n", Feed.WHOLE);
        assertThat(inbound()).containsExactly(line("AUTH PLAIN AGEAYg=="));

        // when: the hand-off removes the decoder
        channel.pipeline().remove(decoder);

        // then: the pipelined commands reach the next handler as raw bytes, in order
        io.netty.buffer.ByteBuf raw = channel.readInbound();
        try {
            assertThat(raw.toString(StandardCharsets.US_ASCII)).isEqualTo("MAIL FROM:<a@b>\r\nDATA\r\n");
        } finally {
            raw.release();
        }
        finish();
    }

    /** Whole only: bytes that come in later reads go through the SslHandler the front adds (see the ITs). */
    @Test
    void shouldDropEverythingPipelinedBehindStartTls() {
        Feed feed = Feed.WHOLE;
        // given: the front reacts to STARTTLS as the real one does
        start((d, in) -> {
            if (in instanceof SmtpInput.Line l && l.text().equals("STARTTLS")) {
                d.discardBuffered();
                d.suspend();
            }
        });

        // when
        write("STARTTLS\r\nAUTH PLAIN AGEAYg==\r\n", feed);
        decoder.resume();

        // then: only STARTTLS was ever seen
        assertThat(inbound()).containsExactly(line("STARTTLS"));
        write("EHLO again\r\n", feed);
        assertThat(inbound()).containsExactly(line("EHLO again"));
        finish();
    }

    @Test
    void shouldStopAndReportWhenTooMuchArrivesWhileSuspended() {
        // given
        start((d, in) -> {
            if (in instanceof SmtpInput.Line) {
                d.suspend();
            }
        });
        write("AUTH PLAIN AGEAYg==\r\n", Feed.WHOLE);
        assertThat(inbound()).hasSize(1);

        // when
        write("X".repeat(SmtpLineDecoder.DEFAULT_MAX_SUSPENDED + 1), Feed.WHOLE);

        // then
        assertThat(decoder.isOverflowing()).isTrue();
        decoder.resume();
        assertThat(inbound()).containsExactly(new SmtpInput.Malformed(SmtpInput.Malformed.TOO_MUCH_WHILE_SUSPENDED, true));
        write("NOOP\r\n", Feed.WHOLE);
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldSkipExactlyTheChunkOfABdatCommand(Feed feed) {
        // given
        start((d, in) -> { });

        // when: a BDAT whose 12 octets look like commands, then a real command
        write("BDAT 12 LAST\r\nQUIT\r\nNOOP\r\nNOOP\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(new SmtpInput.Chunk(12, true), line("NOOP"));
        finish();
    }

    @Test
    void shouldSkipAChunkSplitAcrossReads() {
        start((d, in) -> { });

        write("bdat 6\r\nQU", Feed.WHOLE);
        write("I", Feed.WHOLE);
        write("T\r", Feed.WHOLE);
        assertThat(inbound()).containsExactly(new SmtpInput.Chunk(6, false));
        write("\nRSET\r\n", Feed.WHOLE);

        assertThat(inbound()).containsExactly(line("RSET"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldFrameSeveralChunksAndLinesInOneBuffer(Feed feed) {
        start((d, in) -> { });

        write("BDAT 0\r\nBDAT 3\r\nX\r\nNOOP\r\nBDAT 6 LAST\r\nRSET\r\nHELP\r\nBDATx 2\r\n", feed);

        assertThat(inbound()).containsExactly(new SmtpInput.Chunk(0, false), new SmtpInput.Chunk(3, false),
                line("NOOP"), new SmtpInput.Chunk(6, true), line("HELP"), line("BDATx 2"));
        finish();
    }

    @ParameterizedTest
    @ValueSource(strings = {"BDAT 65537", "BDAT 99999999999999999999 LAST"})
    void shouldStopAtAChunkOverTheBound(String command) {
        start((d, in) -> { });

        write(command + "\r\nNOOP\r\n", Feed.WHOLE);
        write("NOOP\r\n", Feed.WHOLE);

        assertThat(inbound()).containsExactly(new SmtpInput.Malformed(SmtpInput.Malformed.CHUNK_TOO_LARGE, true));
        finish();
    }

    @Test
    void shouldSkipAChunkOfExactlyTheBound() {
        start((d, in) -> { });

        write("BDAT 65536\r\n" + "N".repeat(65536) + "NOOP\r\n", Feed.WHOLE);

        assertThat(inbound()).containsExactly(new SmtpInput.Chunk(65536, false), line("NOOP"));
        finish();
    }

    @Test
    void shouldRefuseABoundBelowTheSmtpMinimum() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmtpLineDecoder(100, 1000))
                .hasMessage("maxLineLength: 100 (expected: at least 512, RFC 5321)");
    }
}
