package dev.postern.imap.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.imap.readonly.ReadOnlySession.Feed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read-only filter and the reply watch together, as one session: what reaches the upstream,
 * what Postern answers itself and when, each case whole and one octet per read.
 */
class ReadOnlyFilterTest {

    private static final String NOPERM = " NO [NOPERM] Read-only access: this command is not allowed.\r\n";

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldPassReadingCommandsUnchanged(Feed feed) {
        String commands = "a1 FETCH 1:* (FLAGS BODY.PEEK[HEADER])\r\na2 uid search all\r\na3 LIST \"\" \"*\"\r\n"
                + "a4 STATUS INBOX (MESSAGES)\r\na5 NOOP\r\na6 EXAMINE INBOX\r\na7 CLOSE\r\na8 LOGOUT\n";
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send(commands, feed);

            assertThat(session.forwarded()).isEqualTo(commands);
            assertThat(session.answered()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldSendSelectAsExamine(Feed feed) {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("s1 select INBOX (CONDSTORE)\r\n", feed);

            assertThat(session.forwarded()).isEqualTo("s1 EXAMINE INBOX (CONDSTORE)\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STORE 1 +FLAGS (\\Deleted)", "UID STORE 1 +FLAGS (\\Seen)", "COPY 1 Trash",
        "UID COPY 1 Trash", "MOVE 1 Trash", "UID MOVE 1 Trash", "EXPUNGE", "UID EXPUNGE 1", "CREATE Foo",
        "DELETE INBOX", "RENAME INBOX Foo", "SUBSCRIBE Foo", "UNSUBSCRIBE Foo", "SETACL INBOX bob lr",
        "DELETEACL INBOX bob", "SETMETADATA INBOX (/private/comment \"x\")", "SETQUOTA \"\" (STORAGE 1)",
        "COMPRESS DEFLATE", "XAPPLEPUSHSERVICE", "UID", "UID XFOO 1", "AUTHENTICATE PLAIN", "STARTTLS",
        "APPEND INBOX \"x\"", "store 1 flags ()"})
    void shouldRefuseWhatCouldChangeTheMailboxOrIsUnknown(String command) {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("t1 " + command + "\r\n");

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.answered()).isEqualTo("t1" + NOPERM);
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseAppendWithSynchronizingLiteralWithoutContinuation(Feed feed) {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("a1 APPEND INBOX {11}\r\n", feed);

            assertThat(session.answered()).isEqualTo("a1" + NOPERM); // no "+": the client sends no literal

            session.send("a2 NOOP\r\n", feed);
            assertThat(session.forwarded()).isEqualTo("a2 NOOP\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldDrainNonSynchronizingLiteralOfRefusedCommand(Feed feed) {
        try (ReadOnlySession session = new ReadOnlySession()) {
            // the literal holds what looks like a command: it must be dropped, not read as one
            session.send("a1 APPEND INBOX (\\Seen) {24+}\r\nx1 STORE 1 +FLAGS (\\D)\r\n\r\na2 NOOP\r\n", feed);

            assertThat(session.answered()).isEqualTo("a1" + NOPERM);
            assertThat(session.forwarded()).isEqualTo("a2 NOOP\r\n");
        }
    }

    @Test
    void shouldDrainEveryNonSynchronizingLiteralOfAMultiAppend() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("a1 APPEND INBOX {3+}\r\nabc {4+}\r\ndefg\r\n");

            assertThat(session.answered()).isEqualTo("a1" + NOPERM);
            assertThat(session.forwarded()).isEmpty();
        }
    }

    @Test
    void shouldHoldRefusalUntilCommandsSentBeforeItHaveCompleted() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("f1 FETCH 1 BODY[]\r\nf2 STORE 1 +FLAGS (\\Deleted)\r\nf3 NOOP\r\n");

            assertThat(session.forwarded()).isEqualTo("f1 FETCH 1 BODY[]\r\nf3 NOOP\r\n");
            assertThat(session.answered()).isEmpty();

            session.reply("* 1 FETCH (BODY[] {20}\r\nf1 OK looks tagged\r\n)\r\n");
            assertThat(session.answered()).as("a tagged line inside a literal completes nothing").isEmpty();

            session.reply("f1 OK FETCH completed.\r\n");
            assertThat(session.answered()).isEqualTo("f2" + NOPERM);
        }
    }

    @Test
    void shouldReleaseRefusalWhenCommandsCompleteOutOfOrder() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("a SEARCH ALL\r\nb FETCH 1 FLAGS\r\nc EXPUNGE\r\nd NOOP\r\n");
            session.reply("b OK done\r\n");
            assertThat(session.answered()).isEmpty();

            session.reply("d OK done\r\n"); // sent after c: not waited for
            assertThat(session.answered()).isEmpty();

            session.reply("a OK done\r\n");
            assertThat(session.answered()).isEqualTo("c" + NOPERM);
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldPassLiteralOfAllowedCommandOnlyOnceUpstreamAsksForIt(Feed feed) {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("s1 SEARCH SUBJECT {5}\r\n", feed);
            assertThat(session.forwarded()).isEqualTo("s1 SEARCH SUBJECT {5}\r\n");

            session.send("hello\r\n", feed); // too early: held
            assertThat(session.forwarded()).isEmpty();

            session.reply("+ Ready for literal data\r\n");
            assertThat(session.forwarded()).isEqualTo("hello\r\n");
            assertThat(session.answered()).isEmpty();
        }
    }

    @Test
    void shouldReadOctetsAsCommandsWhenUpstreamRefusesBeforeTheLiteral() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            // a command the upstream refuses before its literal, with a STORE smuggled in the "literal"
            session.send("s1 FETCH x {30}\r\ns2 STORE 1 +FLAGS (\\Deleted)\r\n");
            assertThat(session.forwarded()).isEqualTo("s1 FETCH x {30}\r\n");

            session.reply("s1 BAD Error in IMAP command FETCH: Invalid messageset\r\n");

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.answered()).isEqualTo("s2" + NOPERM);
        }
    }

    @Test
    void shouldRefuseNonSynchronizingLiteralInAllowedCommandAndDrainIt() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("s1 SEARCH SUBJECT {5+}\r\nhello\r\ns2 NOOP\r\n");

            assertThat(session.answered())
                    .isEqualTo("s1 BAD Non-synchronizing literals are not accepted (no LITERAL+).\r\n");
            assertThat(session.forwarded()).isEqualTo("s2 NOOP\r\n");
        }
    }

    @Test
    void shouldEndSessionOnNonSynchronizingLiteralAfterPartOfACommandWentUpstream() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("s1 SEARCH SUBJECT {5}\r\n");
            session.reply("+ go\r\n");
            session.send("hello BODY {5+}\r\nworld\r\n");

            assertThat(session.forwarded()).isEqualTo("s1 SEARCH SUBJECT {5}\r\nhello");
            assertThat(session.answered()).isEqualTo("* BYE Invalid continuation of a command.\r\n");
            assertThat(session.client.isOpen()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldPassIdleAndDone(Feed feed) {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("i1 IDLE\r\n", feed);
            session.reply("+ idling\r\n");
            session.send("DONE\r\n", feed);
            session.reply("i1 OK Idle completed.\r\n");
            session.send("i2 FETCH 1 FLAGS\r\n", feed);

            assertThat(session.forwarded()).isEqualTo("i1 IDLE\r\nDONE\r\ni2 FETCH 1 FLAGS\r\n");
            assertThat(session.answered()).isEmpty();
        }
    }

    @Test
    void shouldNotTakeIdleContinuationForALiteral() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            // DONE sent before the upstream's "+", then a command with a literal
            session.send("i1 IDLE\r\nDONE\r\ns1 SEARCH TEXT {4}\r\n");
            session.reply("+ idling\r\n");
            session.send("abcd\r\n");
            assertThat(session.forwarded()).isEqualTo("i1 IDLE\r\nDONE\r\ns1 SEARCH TEXT {4}\r\n");

            session.reply("i1 OK Idle completed.\r\n+ OK\r\n");
            assertThat(session.forwarded()).isEqualTo("abcd\r\n");
        }
    }

    @Test
    void shouldEndSessionOnCommandWhileIdling() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("i1 IDLE\r\ni2 STORE 1 +FLAGS (\\Deleted)\r\n");

            assertThat(session.forwarded()).isEqualTo("i1 IDLE\r\n");
            assertThat(session.answered()).isEqualTo("* BYE Expected DONE.\r\n");
            assertThat(session.client.isOpen()).isFalse();
        }
    }

    @Test
    void shouldTellTwoIdleCommandsWithOneTagApart() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            // a client that reuses a tag: the first idle's completion must not end the second
            session.send("t IDLE\r\nDONE\r\nt IDLE\r\n");
            session.reply("+ idling\r\nt OK Idle completed.\r\n+ idling\r\n");
            session.send("n1 NOOP\r\n");

            assertThat(session.forwarded()).isEqualTo("t IDLE\r\nDONE\r\nt IDLE\r\n");
            assertThat(session.answered()).isEqualTo("* BYE Expected DONE.\r\n");
        }
    }

    @Test
    void shouldGiveEachIdleItsOwnContinuationNotALiteral() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            // two idles pipelined with their DONEs, then a command the upstream refuses before its literal
            session.send("t1 IDLE\r\nDONE\r\nt2 IDLE\r\nDONE\r\ns1 SEARCH TEXT {29}\r\n");
            session.reply("+ idling\r\nt1 OK done\r\n+ idling\r\nt2 OK done\r\ns1 BAD refused\r\n");
            session.send("s2 STORE 1 +FLAGS (\\Deleted)\r\n");

            assertThat(session.forwarded()).isEqualTo("t1 IDLE\r\nDONE\r\nt2 IDLE\r\nDONE\r\ns1 SEARCH TEXT {29}\r\n");
            assertThat(session.answered()).isEqualTo("s2" + NOPERM);
        }
    }

    @Test
    void shouldReadCommandsAgainWhenUpstreamRefusesIdle() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("i1 IDLE\r\n");
            session.reply("i1 BAD Unknown command.\r\n");
            session.send("n1 NOOP\r\n");

            assertThat(session.forwarded()).isEqualTo("i1 IDLE\r\nn1 NOOP\r\n");
        }
    }

    @Test
    void shouldAnswerCapabilityWithTheListAnnouncedAtLogin() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("c1 CAPABILITY\r\n");

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.answered())
                    .isEqualTo("* CAPABILITY " + ReadOnlySession.CAPABILITIES + "\r\nc1 OK CAPABILITY completed.\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1 FETCH \"unterminated\r\n", "a1 FETCH 1 \"bad \\escape\"\r\n", "a1 FETCH\u00001\r\n",
        "a1 FETCH 1\rX\r\n", "a1 SEARCH TEXT x{5}\r\n", "+tag NOOP\r\n", " NOOP\r\n", "\r\n", "a1\r\n",
        "a1 NO\u0001OP\r\n"})
    void shouldRefuseWhatCannotBeReadSafely(String line) {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send(line);

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.answered()).matches("\\S+ BAD Invalid command syntax\\.\r\n");
        }
    }

    @Test
    void shouldEndSessionWhenLineExceedsTheBound() {
        try (ReadOnlySession session = new ReadOnlySession(256)) {
            session.send("a1 FETCH " + "1,".repeat(200));

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.answered()).isEqualTo("* BYE Command line too long.\r\n");
            assertThat(session.client.isOpen()).isFalse();
        }
    }

    @Test
    void shouldEndSessionOnAbsurdLiteralSize() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("a1 APPEND INBOX {99999999999+}\r\n");

            assertThat(session.answered()).isEqualTo("* BYE Invalid literal size.\r\n");
            assertThat(session.client.isOpen()).isFalse();
        }
    }

    @Test
    void shouldPassPipelinedCommandsAsOneMessage() {
        try (ReadOnlySession session = new ReadOnlySession()) {
            session.send("a1 NOOP\r\na2 STORE 1 FLAGS ()\r\na3 NOOP\r\n");

            assertThat(session.client.inboundMessages()).hasSize(1);
            assertThat(session.forwarded()).isEqualTo("a1 NOOP\r\na3 NOOP\r\n");
        }
    }
}
