package dev.postern.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every decoder case fed whole (several lines in one buffer) and byte by byte. */
class Pop3LineDecoderTest {

    enum Feed { WHOLE, BYTE_BY_BYTE }

    private static final int MAX = Pop3LineDecoder.DEFAULT_MAX_LINE_LENGTH;
    private static final int MAX_SASL = Pop3LineDecoder.DEFAULT_MAX_SASL_LINE_LENGTH;

    private Pop3LineDecoder decoder;
    private EmbeddedChannel channel;

    /** Starts a channel whose stand-in front sees each value before it is queued, as the real one does. */
    private void start(BiConsumer<Pop3LineDecoder, Pop3Input> front) {
        decoder = new Pop3LineDecoder();
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof Pop3Input input) {
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

    private List<Pop3Input> inbound() {
        List<Pop3Input> values = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            values.add((Pop3Input) msg);
        }
        return values;
    }

    private void finish() {
        assertNull(channel.readInbound());
        assertThat(channel.finish()).isFalse();
    }

    private static Pop3Input line(String text) {
        return new Pop3Input.Line(text);
    }

    private static Pop3Input malformed(String reason) {
        return new Pop3Input.Malformed(reason, false);
    }

    private static boolean isAuthWithoutResponse(Pop3Input input) {
        return input instanceof Pop3Input.Line l && l.text().equals("AUTH PLAIN");
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldEmitEachLineWithoutItsLineEnding(Feed feed) {
        // given
        start((d, in) -> { });

        // when: CRLF, a bare LF, an empty line and 8-bit octets, all in one buffer
        write("CAPA\r\nUSER alice\nPASS p\u00e4ss w\u00f6rd \r\n\r\nQUIT\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(line("CAPA"), line("USER alice"), line("PASS p\u00e4ss w\u00f6rd "),
                line(""), line("QUIT"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldWaitForTheLineEnding(Feed feed) {
        // given
        start((d, in) -> { });

        // when
        write("USER al", feed);

        // then
        assertThat(inbound()).isEmpty();
        write("ice\r", feed);
        assertThat(inbound()).isEmpty();
        write("\n", feed);
        assertThat(inbound()).containsExactly(line("USER alice"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseNulAndBareCrButStayInStep(Feed feed) {
        // given
        start((d, in) -> { });

        // when
        write("US\0ER a\r\nPA\rSS b\r\nQUIT\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(malformed(Pop3Input.Malformed.NUL_OCTET),
                malformed(Pop3Input.Malformed.BARE_CR), line("QUIT"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAcceptACommandLineOfExactly255OctetsWithItsCrlf(Feed feed) {
        // given
        start((d, in) -> { });
        String longest = "PASS " + "p".repeat(MAX - "PASS ".length() - 2);

        // when
        write(longest + "\r\nQUIT\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(line(longest), line("QUIT"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseACommandLineOverTheBoundOnceAndSkipItsRest(Feed feed) {
        // given
        start((d, in) -> { });

        // when: 256 octets with the CRLF, then a long line whose tail would read as a command
        write("PASS " + "p".repeat(MAX - "PASS ".length() - 1) + "\r\n"
                + "USER " + "x".repeat(MAX) + "QUIT\r\nCAPA\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(malformed(Pop3Input.Malformed.LINE_TOO_LONG),
                malformed(Pop3Input.Malformed.LINE_TOO_LONG), line("CAPA"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldGiveTheOneLineAfterASaslChallengeTheLongerBound(Feed feed) {
        // given: the front answers AUTH PLAIN with a challenge, as the real one does
        start((d, in) -> {
            if (isAuthWithoutResponse(in)) {
                d.expectSaslResponse();
            }
        });
        String response = "A".repeat(MAX_SASL - 2);

        // when: the longest response, then a command line as long, all in one read
        write("AUTH PLAIN\r\n" + response + "\r\n" + "B".repeat(MAX) + "\r\nQUIT\r\n", feed);

        // then: only the response had the SASL bound
        assertThat(inbound()).containsExactly(line("AUTH PLAIN"), line(response),
                malformed(Pop3Input.Malformed.LINE_TOO_LONG), line("QUIT"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseASaslResponseOverItsBoundAndGoBackToTheCommandBound(Feed feed) {
        // given
        start((d, in) -> {
            if (isAuthWithoutResponse(in)) {
                d.expectSaslResponse();
            }
        });

        // when
        write("AUTH PLAIN\r\n" + "A".repeat(MAX_SASL + 10) + "\r\n" + "C".repeat(MAX) + "\r\nQUIT\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(line("AUTH PLAIN"), malformed(Pop3Input.Malformed.LINE_TOO_LONG),
                malformed(Pop3Input.Malformed.LINE_TOO_LONG), line("QUIT"));
        finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldHoldLinesWhileSuspendedAndEmitThemInOrderOnResume(Feed feed) {
        // given: the front suspends on PASS, as during a credential check
        start((d, in) -> {
            if (in instanceof Pop3Input.Line l && l.text().startsWith("PASS")) {
                d.suspend();
            }
        });

        // when
        write("USER a\r\nPASS b\r\nSTAT\r\nLIST\r\n", feed);

        // then
        assertThat(inbound()).containsExactly(line("USER a"), line("PASS b"));
        decoder.resume();
        assertThat(inbound()).containsExactly(line("STAT"), line("LIST"));
        finish();
    }

    @Test
    void shouldRefireBufferedBytesUntouchedWhenRemovedWhileSuspended() {
        // given
        start((d, in) -> d.suspend());
        write("PASS secret\r\nSTAT\r\nRETR 1\r\nQUIT", Feed.WHOLE);
        assertThat(inbound()).containsExactly(line("PASS secret"));

        // when: the hand-off removes the decoder
        channel.pipeline().remove(decoder);

        // then: the pipelined commands reach the next handler as raw bytes, in order, the partial one too
        ByteBuf raw = channel.readInbound();
        try {
            assertThat(raw.toString(StandardCharsets.US_ASCII)).isEqualTo("STAT\r\nRETR 1\r\nQUIT");
        } finally {
            raw.release();
        }
        finish();
    }

    /** Whole only: bytes that come in later reads go through the SslHandler the front adds (see the front test). */
    @Test
    void shouldDropEverythingPipelinedBehindStls() {
        // given: the front reacts to STLS as the real one does
        start((d, in) -> {
            if (in instanceof Pop3Input.Line l && l.text().equals("STLS")) {
                d.discardBuffered();
                d.suspend();
            }
        });

        // when
        write("STLS\r\nUSER alice\r\nPASS secret\r\n", Feed.WHOLE);
        decoder.resume();

        // then: only STLS was ever seen
        assertThat(inbound()).containsExactly(line("STLS"));
        write("CAPA\r\n", Feed.WHOLE);
        assertThat(inbound()).containsExactly(line("CAPA"));
        finish();
    }

    @Test
    void shouldForgetTheSaslBoundWhenDiscarding() {
        start((d, in) -> { });
        decoder.expectSaslResponse();

        decoder.discardBuffered();
        write("A".repeat(MAX) + "\r\n", Feed.WHOLE);

        assertThat(inbound()).containsExactly(malformed(Pop3Input.Malformed.LINE_TOO_LONG));
        finish();
    }

    @Test
    void shouldStopAndReportWhenTooMuchArrivesWhileSuspended() {
        // given
        start((d, in) -> {
            if (in instanceof Pop3Input.Line) {
                d.suspend();
            }
        });
        write("PASS secret\r\n", Feed.WHOLE);
        assertThat(inbound()).hasSize(1);

        // when
        write("X".repeat(Pop3LineDecoder.DEFAULT_MAX_SUSPENDED + 1), Feed.WHOLE);

        // then
        assertThat(decoder.isOverflowing()).isTrue();
        decoder.resume();
        assertThat(inbound()).containsExactly(new Pop3Input.Malformed(Pop3Input.Malformed.TOO_MUCH_WHILE_SUSPENDED, true));
        write("QUIT\r\n", Feed.WHOLE);
        finish();
    }

    @Test
    void shouldHideTheTextOfALine() {
        assertThat(line("PASS secret")).hasToString("Line[11 chars]");
    }

    @Test
    void shouldRefuseBoundsThatBreakRfc2449OrEachOther() {
        assertThatThrownBy(() -> new Pop3LineDecoder(254, 65536))
                .hasMessage("maxLineLength: 254 (expected: at least 255, RFC 2449)");
        assertThatThrownBy(() -> new Pop3LineDecoder(512, 300, 65536))
                .hasMessage("maxSaslLineLength: 300 (expected: at least maxLineLength 512)");
        assertThatThrownBy(() -> new Pop3LineDecoder(512, 100))
                .hasMessage("maxSuspended: 100 (expected: at least maxLineLength 512)");
    }
}
