package dev.postern.imap.codec;

import static dev.postern.imap.codec.DecoderHarness.command;
import static dev.postern.imap.codec.DecoderHarness.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.imap.codec.DecoderHarness.Feed;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The line bound and refused literals: fatal, no continuation, nothing decoded afterwards. */
class ImapCommandDecoderBoundsTest {

    private static final int MAX = ImapCommandDecoder.DEFAULT_MAX_LINE_LENGTH;
    private static final String AFTER = "b1 LOGIN bob secret\r\n";

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAcceptCommandOfExactlyTheBoundIncludingLiteral(Feed feed) {
        DecoderHarness harness = new DecoderHarness();
        String head = "a1 LOGIN bob {";
        int literal = MAX - head.length() - "NNNN+}\r\n".length() - 2;
        String command = head + literal + "+}\r\n" + "x".repeat(literal) + "\r\n";

        harness.write(command, feed);

        assertThat(command).hasSize(MAX);
        assertThat(harness.single()).isEqualTo(
                command("a1", "LOGIN", DecoderHarness.atom("bob"), str("x".repeat(literal))));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldStopAsSoonAsTheBoundIsReachedWithoutLineEnd(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a1 LOGIN " + "x".repeat(MAX - 10), feed);
        assertThat(harness.inbound()).isEmpty();
        harness.write("y", feed);

        assertThat(harness.single()).isEqualTo(new ImapMalformed("a1", ImapMalformed.LINE_TOO_LONG, true));
        harness.write("\r\n" + AFTER, feed);
        assertThat(harness.inbound()).isEmpty();
        assertThat(harness.decoder.isStopped()).isTrue();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseLineTooLongWithoutTagWhenNoTagWasSent(Feed feed) {
        DecoderHarness harness = new DecoderHarness(64, (decoder, request) -> { });

        harness.write("x".repeat(100) + "\r\n" + AFTER, feed);

        assertThat(harness.single()).isEqualTo(new ImapMalformed(null, ImapMalformed.LINE_TOO_LONG, true));
        harness.finish();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "WHOLE        | {8193}                 | literal too large",
        "BYTE_BY_BYTE | {8193}                 | literal too large",
        "WHOLE        | {8193+}                | literal too large",
        "BYTE_BY_BYTE | {8193+}                | literal too large",
        "WHOLE        | {8180}                 | literal too large",
        "WHOLE        | {4294967296}           | literal too large",
        "WHOLE        | {18446744073709551617} | literal too large",
        "WHOLE        | {00000000000000000005} | literal too large",
        "BYTE_BY_BYTE | {99999999999999999999+}| literal too large",
        "WHOLE        | {x5}                   | invalid literal",
        "WHOLE        | {-1}                   | invalid literal",
        "WHOLE        | {5++}                  | invalid literal",
        "BYTE_BY_BYTE | {}                     | invalid literal",
        "WHOLE        | {+}                    | invalid literal",
    })
    void shouldRefuseLiteralWithoutContinuationAndNeverReadItsBytes(Feed feed, String marker, String reason) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a1 LOGIN bob " + marker + "\r\n" + AFTER, feed);
        harness.write(AFTER, feed);

        assertThat(harness.single()).isEqualTo(new ImapMalformed("a1", reason, true));
        assertThat(harness.outbound()).isEmpty();
        assertThat(harness.decoder.isStopped()).isTrue();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseLiteralThatWouldPushTheCommandPastTheBound(Feed feed) {
        DecoderHarness harness = new DecoderHarness();
        String first = "a1 LOGIN {5000+}\r\n" + "u".repeat(5000) + " {4000}\r\n";

        harness.write(first + "p".repeat(4000) + "\r\n" + AFTER, feed);

        assertThat(harness.single()).isEqualTo(new ImapMalformed("a1", ImapMalformed.LITERAL_TOO_LARGE, true));
        assertThat(harness.outbound()).isEmpty();
        harness.finish();
    }
}
