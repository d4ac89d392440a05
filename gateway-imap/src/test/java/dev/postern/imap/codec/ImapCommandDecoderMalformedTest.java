package dev.postern.imap.codec;

import static dev.postern.imap.codec.DecoderHarness.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.imap.codec.DecoderHarness.Feed;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Input that is not a valid command becomes a non-fatal value, and the next command still decodes. */
class ImapCommandDecoderMalformedTest {

    private static final String NEXT = "n1 NOOP\r\n";

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("empty line", "\r\n", null, ImapMalformed.EMPTY_LINE),
                Arguments.of("missing command", "a1\r\n", "a1", ImapMalformed.MISSING_COMMAND),
                Arguments.of("missing command after space", "a1 \r\n", "a1", ImapMalformed.MISSING_COMMAND),
                Arguments.of("plus in tag", "a+1 NOOP\r\n", null, ImapMalformed.INVALID_TAG),
                Arguments.of("star tag", "* NOOP\r\n", null, ImapMalformed.INVALID_TAG),
                Arguments.of("line starting with space", " NOOP\r\n", null, ImapMalformed.INVALID_TAG),
                Arguments.of("quoted command", "a1 \"NOOP\"\r\n", "a1", ImapMalformed.INVALID_COMMAND),
                Arguments.of("8-bit command", "a1 NO\u00e9P\r\n", "a1", ImapMalformed.INVALID_COMMAND),
                Arguments.of("bad escape", "a1 LOGIN \"b\\ob\" x\r\n", "a1", ImapMalformed.BAD_ESCAPE),
                Arguments.of("unterminated quote", "a1 LOGIN \"bob x\r\n", "a1", ImapMalformed.UNTERMINATED_QUOTED),
                Arguments.of("escaped closing quote", "a1 LOGIN \"bob\\\"\r\n", "a1", ImapMalformed.UNTERMINATED_QUOTED),
                Arguments.of("NUL in atom", "a1 LOGIN b\0b x\r\n", "a1", ImapMalformed.NUL_OCTET),
                Arguments.of("NUL in quoted", "a1 LOGIN \"b\0b\" x\r\n", "a1", ImapMalformed.NUL_OCTET),
                Arguments.of("NUL in literal", "a1 LOGIN {3+}\r\nb\0b x\r\n", "a1", ImapMalformed.NUL_OCTET),
                Arguments.of("bare CR", "a1 NOOP\rb1 NOOP\r\n", "a1", ImapMalformed.BARE_CR),
                Arguments.of("CR in quoted", "a1 LOGIN \"b\rb\" x\r\n", "a1", ImapMalformed.BARE_CR),
                Arguments.of("unbalanced list", "a1 ID (\"a\" \"b\"\r\n", "a1", ImapMalformed.INVALID_ARGUMENT),
                Arguments.of("stray parenthesis", "a1 ID )\r\n", "a1", ImapMalformed.INVALID_ARGUMENT),
                Arguments.of("junk after quoted", "a1 LOGIN \"bob\"x y\r\n", "a1", ImapMalformed.INVALID_ARGUMENT),
                Arguments.of("literal inside atom", "a1 LOGIN x{3+}\r\nbob\r\n", "a1", ImapMalformed.INVALID_ARGUMENT),
                Arguments.of("deep lists", "a1 ID ((((((((((x))))))))))\r\n", "a1", ImapMalformed.NESTED_TOO_DEEPLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLines")
    void shouldReportMalformedLineAndGoOn(String name, String line, String tag, String reason) {
        for (Feed feed : Feed.values()) {
            DecoderHarness harness = new DecoderHarness();

            harness.write(line + NEXT, feed);

            assertThat(harness.inbound()).as(feed.name()).containsExactly(
                    new ImapMalformed(tag, reason, false),
                    command("n1", "NOOP"));
            harness.finish();
        }
    }

    static Stream<Arguments> linesKnownMalformedBeforeTheirLiteral() {
        return Stream.of(
                Arguments.of("a1 LOGIN b\0b {5}\r\n", ImapMalformed.NUL_OCTET),
                Arguments.of("a1 LOGIN \"b\\ob\" {5}\r\n", ImapMalformed.BAD_ESCAPE),
                Arguments.of("a1 LOGIN \"b\rb\" {5}\r\n", ImapMalformed.BARE_CR));
    }

    @ParameterizedTest
    @MethodSource("linesKnownMalformedBeforeTheirLiteral")
    void shouldNotSendContinuationForSyncLiteralOfCommandKnownToBeMalformed(String line, String reason) {
        for (Feed feed : Feed.values()) {
            DecoderHarness harness = new DecoderHarness();

            harness.write(line + NEXT, feed);

            assertThat(harness.inbound()).as(feed.name())
                    .containsExactly(new ImapMalformed("a1", reason, false), command("n1", "NOOP"));
            assertThat(harness.outbound()).isEmpty();
            harness.finish();
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldReadLiteralOfCommandWithLateSyntaxErrorSoFramingStaysInStep(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a1 LOGIN \"bob\"x {5}\r\n", feed);
        assertThat(harness.outbound()).isEqualTo(ImapCommandDecoder.LITERAL_CONTINUATION);
        harness.write("n1 NO\r\n" + NEXT, feed);

        assertThat(harness.inbound()).containsExactly(
                new ImapMalformed("a1", ImapMalformed.INVALID_ARGUMENT, false), command("n1", "NOOP"));
        harness.finish();
    }
}
