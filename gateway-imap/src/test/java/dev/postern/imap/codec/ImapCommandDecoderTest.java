package dev.postern.imap.codec;

import static dev.postern.imap.codec.DecoderHarness.atom;
import static dev.postern.imap.codec.DecoderHarness.command;
import static dev.postern.imap.codec.DecoderHarness.list;
import static dev.postern.imap.codec.DecoderHarness.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.imap.codec.DecoderHarness.Feed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Well-formed commands: every case whole, byte by byte, and all of them in one buffer. */
class ImapCommandDecoderTest {

    private static final String LITERAL_PLUS_LOGIN = "a4 LOGIN {3+}\r\nbob {6+}\r\nsecret\r\n";
    private static final String SASL_IR = "a7 AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=\r\n";
    private static final String ID_LIST = "a6 ID (\"name\" \"Thunderbird\" \"version\" NIL)\r\n";

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldDecodeAtomsAndUpperCaseTheCommandName(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a1 capability\r\na2 login bob s3cr]t\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a1", "CAPABILITY"),
                command("a2", "LOGIN", atom("bob"), atom("s3cr]t")));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldResolveTheTwoEscapesOfQuotedStrings(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a3 LOGIN \"b\\\"o\\\\b\" \"p\u00e4ss word\" \"\"\r\n", feed);

        assertThat(harness.single()).isEqualTo(
                command("a3", "LOGIN", str("b\"o\\b"), str("p\u00e4ss word"), str("")));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldSendOneContinuationPerSynchronizingLiteral(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a4 LOGIN {3}\r\n", feed);
        assertThat(harness.inbound()).isEmpty();
        assertThat(harness.outbound()).isEqualTo(ImapCommandDecoder.LITERAL_CONTINUATION);
        harness.write("bob {8}\r\n", feed);
        assertThat(harness.outbound()).isEqualTo(ImapCommandDecoder.LITERAL_CONTINUATION);
        harness.write("se\r\ncr{t\r\n", feed);

        assertThat(harness.single()).isEqualTo(command("a4", "LOGIN", str("bob"), str("se\r\ncr{t")));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldReadNonSynchronizingLiteralsWithoutContinuation(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write(LITERAL_PLUS_LOGIN, feed);

        assertThat(harness.single()).isEqualTo(command("a4", "LOGIN", str("bob"), str("secret")));
        assertThat(harness.outbound()).isEmpty();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldDecodeMixedArgumentsAndEmptyLiterals(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a5 LOGIN \"bob\" {0+}\r\n\r\na5b Login bob {6+}\r\nsecret\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a5", "LOGIN", str("bob"), str("")),
                command("a5b", "LOGIN", atom("bob"), str("secret")));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldDecodeIdWithAListOfPairsAndNil(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write(ID_LIST + "a6b ID nil\r\na6c ID ()\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a6", "ID", list(str("name"), str("Thunderbird"), str("version"), ImapArg.Nil.INSTANCE)),
                command("a6b", "ID", ImapArg.Nil.INSTANCE),
                command("a6c", "ID", list()));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldDecodeAuthenticatePlainWithInitialResponse(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write(SASL_IR + "a8 AUTHENTICATE PLAIN =\r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a7", "AUTHENTICATE", atom("PLAIN"), atom("AGJvYgBzZWNyZXQ=")),
                command("a8", "AUTHENTICATE", atom("PLAIN"), atom("=")));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAcceptBareLfAndToleratedSpaces(Feed feed) {
        DecoderHarness harness = new DecoderHarness();

        harness.write("a9 NOOP\nb9  LOGIN  bob   {3+}\nabc \r\n", feed);

        assertThat(harness.inbound()).containsExactly(
                command("a9", "NOOP"),
                command("b9", "LOGIN", atom("bob"), str("abc")));
        harness.finish();
    }

    @Test
    void shouldDecodeSeveralCommandsFromOneBuffer() {
        DecoderHarness harness = new DecoderHarness();

        harness.write("x1 CAPABILITY\r\n" + LITERAL_PLUS_LOGIN + ID_LIST + SASL_IR + "x2 LOGOUT\r\n", Feed.WHOLE);

        List<ImapRequest> values = harness.inbound();
        assertThat(values).extracting(v -> ((ImapCommand) v).name())
                .containsExactly("CAPABILITY", "LOGIN", "ID", "AUTHENTICATE", "LOGOUT");
        harness.finish();
    }

    @Test
    void shouldNotPrintSecretsInToString() {
        ImapCommand login = command("a1", "LOGIN", atom("bob"), str("hunter2"), atom("hunter3"));
        ImapContinuation continuation = new ImapContinuation("AGJvYgBodW50ZXIy");

        assertThat(login.toString()).doesNotContain("hunter").doesNotContain("bob").contains("LOGIN");
        assertThat(continuation.toString()).doesNotContain("AGJvYgBodW50ZXIy");
    }
}
