package dev.postern.imap.codec;

import static dev.postern.imap.codec.DecoderHarness.atom;
import static dev.postern.imap.codec.DecoderHarness.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.imap.codec.DecoderHarness.Feed;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The modes the front drives: continuation lines, suspend/resume, and discarding after STARTTLS. */
class ImapCommandDecoderModesTest {

    private static DecoderHarness frontReactingTo(String commandName, Consumer<ImapCommandDecoder> reaction) {
        return new DecoderHarness(ImapCommandDecoder.DEFAULT_MAX_LINE_LENGTH, (decoder, request) -> {
            if (request instanceof ImapCommand c && c.name().equals(commandName)) {
                reaction.accept(decoder);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldEmitNextLineAsContinuationThenGoBackToCommands(Feed feed) {
        DecoderHarness harness = frontReactingTo("AUTHENTICATE", ImapCommandDecoder::expectContinuationLine);

        harness.write("a1 AUTHENTICATE PLAIN\r\nAGJvYgBzZWNyZXQ=\r\na2 AUTHENTICATE LOGIN\r\n*\na3 NOOP\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a1", "AUTHENTICATE", atom("PLAIN")),
                new ImapContinuation("AGJvYgBzZWNyZXQ="),
                command("a2", "AUTHENTICATE", atom("LOGIN")),
                new ImapContinuation("*"),
                command("a3", "NOOP"));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldTreatContinuationLineAsRawTextWithoutLiteralsOrQuotes(Feed feed) {
        DecoderHarness harness = frontReactingTo("AUTHENTICATE", ImapCommandDecoder::expectContinuationLine);

        harness.write("a1 AUTHENTICATE PLAIN\r\n\"x {5}\r\na2 NOOP\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a1", "AUTHENTICATE", atom("PLAIN")),
                new ImapContinuation("\"x {5}"),
                command("a2", "NOOP"));
        assertThat(harness.outbound()).isEmpty();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldReportNulInContinuationLineWithoutTag(Feed feed) {
        DecoderHarness harness = frontReactingTo("AUTHENTICATE", ImapCommandDecoder::expectContinuationLine);

        harness.write("a1 AUTHENTICATE PLAIN\r\nAGJv\0YgBz\r\na2 NOOP\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a1", "AUTHENTICATE", atom("PLAIN")),
                new ImapMalformed(null, ImapMalformed.NUL_OCTET, false),
                command("a2", "NOOP"));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseContinuationLineOverTheBound(Feed feed) {
        DecoderHarness harness = frontReactingTo("AUTHENTICATE", ImapCommandDecoder::expectContinuationLine);

        harness.write("a1 AUTHENTICATE PLAIN\r\n" + "A".repeat(ImapCommandDecoder.DEFAULT_MAX_LINE_LENGTH) + "\r\na2 NOOP\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a1", "AUTHENTICATE", atom("PLAIN")),
                new ImapMalformed(null, ImapMalformed.LINE_TOO_LONG, true));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldHoldPipelinedCommandsWhileSuspendedAndEmitThemOnResume(Feed feed) {
        DecoderHarness harness = frontReactingTo("LOGIN", ImapCommandDecoder::suspend);

        harness.write("a1 LOGIN bob secret\r\na2 NOOP\r\n", feed);
        harness.write("a3 NOOP\r\n", feed);
        assertThat(harness.inbound()).containsExactly(command("a1", "LOGIN", atom("bob"), atom("secret")));

        harness.decoder.resume();

        assertThat(harness.inbound()).containsExactly(command("a2", "NOOP"), command("a3", "NOOP"));
        harness.write("a4 NOOP\r\n", feed);
        assertThat(harness.single()).isEqualTo(command("a4", "NOOP"));
        harness.finish();
    }

    @Test
    void shouldGoOnInTheSameReadWhenResumedFromWithinChannelRead() {
        DecoderHarness harness = frontReactingTo("NOOP", decoder -> {
            decoder.suspend();
            decoder.resume();
        });

        harness.write("a1 NOOP\r\na2 NOOP\r\na3 NO", Feed.WHOLE);

        assertThat(harness.inbound()).containsExactly(command("a1", "NOOP"), command("a2", "NOOP"));
        harness.write("OP\r\n", Feed.WHOLE);
        assertThat(harness.single()).isEqualTo(command("a3", "NOOP"));
        harness.finish();
    }

    @Test
    void shouldHandBufferedBytesToTheNextHandlerWhenRemovedWhileSuspended() {
        DecoderHarness harness = frontReactingTo("LOGIN", ImapCommandDecoder::suspend);
        harness.write("a1 LOGIN bob secret\r\na2 SELECT INBOX\r\na3 {5}\r\n", Feed.WHOLE);
        assertThat(harness.inbound()).hasSize(1);

        harness.channel.pipeline().remove(harness.decoder);

        ByteBuf relayed = harness.channel.readInbound();
        try {
            assertThat(relayed.toString(StandardCharsets.US_ASCII)).isEqualTo("a2 SELECT INBOX\r\na3 {5}\r\n");
        } finally {
            relayed.release();
        }
        assertThat(harness.outbound()).isEmpty();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldDropInputAndFailOnResumeWhenTooMuchArrivesWhileSuspended(Feed feed) {
        DecoderHarness harness = frontReactingTo("LOGIN", ImapCommandDecoder::suspend);
        harness.write("a1 LOGIN bob secret\r\n", feed);
        assertThat(harness.inbound()).hasSize(1);

        harness.write("a2 NOOP\r\n".repeat(1000), feed);

        assertThat(harness.decoder.isOverflowing()).isTrue();
        assertThat(harness.inbound()).isEmpty();
        harness.decoder.resume();
        assertThat(harness.single()).isEqualTo(new ImapMalformed(null, ImapMalformed.TOO_MUCH_WHILE_SUSPENDED, true));
        harness.write("a3 NOOP\r\n", feed);
        assertThat(harness.inbound()).isEmpty();
        harness.finish();
    }

    @Test
    void shouldNeverDecodeBytesPipelinedAfterStartTls() {
        DecoderHarness harness = frontReactingTo("STARTTLS", ImapCommandDecoder::discardBuffered);

        harness.write("a1 STARTTLS\r\na2 LOGIN bob secret\r\na3 NOOP\r\na4 LOG", Feed.WHOLE);

        assertThat(harness.single()).isEqualTo(command("a1", "STARTTLS"));
        harness.write("IN x y\r\n", Feed.WHOLE);
        assertThat(harness.single())
                .as("the rest of the partial pipelined line was dropped too, so this reads as a new line")
                .isEqualTo(command("IN", "X", atom("y")));
        harness.write("b1 CAPABILITY\r\n", Feed.WHOLE);
        assertThat(harness.single()).isEqualTo(command("b1", "CAPABILITY"));
        harness.finish();
    }

    @Test
    void shouldDropPipelinedBytesWhenHandingOffAfterStartTls() {
        DecoderHarness harness = frontReactingTo("STARTTLS", ImapCommandDecoder::discardBuffered);
        harness.write("a1 STARTTLS\r\na2 LOGIN bob secret\r\n", Feed.WHOLE);
        assertThat(harness.single()).isEqualTo(command("a1", "STARTTLS"));

        harness.channel.pipeline().remove(harness.decoder);

        harness.finish();
    }
}
