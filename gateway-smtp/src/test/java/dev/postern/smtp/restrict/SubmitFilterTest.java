package dev.postern.smtp.restrict;

import static dev.postern.smtp.restrict.SubmitSession.ALIAS;
import static dev.postern.smtp.restrict.SubmitSession.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.relay.SendQuota;
import dev.postern.core.store.Limits;
import dev.postern.smtp.restrict.SubmitSession.Feed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The send-as filter and the reply watch together, as one session: what reaches the upstream, what
 * the client hears and in which order, each dialogue whole and one octet per read.
 */
class SubmitFilterTest {

    private static final String REFUSED_EVIL = "550 5.7.1 <evil@example.org>: this app password may not send as that address\r\n";

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldPassAnAllowedSenderAndItsMessage(Feed feed) {
        String commands = "EHLO client.test\r\nMAIL FROM:<" + USER + "> SIZE=120 BODY=8BITMIME\r\nRCPT TO:<you@example.net>\r\nDATA\r\n";
        String message = "Subject: hi\r\n\r\nMAIL FROM:<evil@example.org>\r\n..a stuffed dot\r\n.\r\n";
        try (SubmitSession session = new SubmitSession()) {
            session.send(commands + message + "QUIT\r\n", feed);

            // DATA went on; its body waits for the upstream's 354
            assertThat(session.forwarded()).isEqualTo(commands);
            session.reply("250-upstream\r\n250 PIPELINING\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");

            assertThat(session.forwarded()).as("a MAIL FROM line in a body is text").isEqualTo(message + "QUIT\r\n");
            assertThat(session.heard()).isEqualTo("250-upstream\r\n250 PIPELINING\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
                    + "354 End data with <CR><LF>.<CR><LF>\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<me@example.com>", "mail from:<ME@Example.COM>", "MAIL FROM: <me@example.com>",
        "MAIL FROM:me@example.com", "Mail From:<alias@example.com> SMTPUTF8", "MAIL\tFROM:\t<alias@EXAMPLE.com>\tSIZE=1"})
    void shouldPassEveryWayOfWritingAnAllowedSender(String line) {
        try (SubmitSession session = new SubmitSession()) {
            session.send(line + "\r\n");

            assertThat(session.forwarded()).isEqualTo(line + "\r\n");
            assertThat(session.heard()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<evil@example.org>", "mail from:<EVIL@example.org>", "MAIL FROM: <evil@example.org>",
        "MAIL FROM:evil@example.org", "  MAIL FROM:<evil@example.org> SIZE=10", "\u000bMAIL FROM:<evil@example.org>",
        "\fmail from:<evil@example.org>"})
    void shouldRefuseAnyOtherSenderWithoutForwardingIt(String line) {
        try (SubmitSession session = new SubmitSession()) {
            session.send(line + "\r\n");

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard()).isEqualToIgnoringCase(REFUSED_EVIL);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<>", "MAIL FROM:<@relay.example:me@example.com>", "MAIL FROM:<me@example.com.evil.org>",
        "MAIL FROM:<\"me@example.com\">", "MAIL FROM:<\u212Aelvin@example.com>"})
    void shouldRefuseTheNullPathSourceRoutesAndLookAlikes(String line) {
        Limits limits = new Limits(List.of(Limits.SELF, "kelvin@example.com"), List.of(), 0);
        try (SubmitSession session = new SubmitSession(limits, SubmitSession.WITH_CHUNKING, SendQuota.UNLIMITED)) {
            // as a client sends it: UTF-8
            session.send(new String((line + "\r\n").getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard()).startsWith("550 5.7.1 <");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<me@example.com", "MAIL FROM:<me@example.com>x", "MAIL FROM<me@example.com>",
        "MAILFROM:<me@example.com>", "MAIL-FROM:<me@example.com>", "MAIL TO:<me@example.com>", "MAIL FROM:<a<me@example.com>",
        "MAIL FROM:"})
    void shouldRefuseMailCommandsItCannotReadWithCertainty(String line) {
        try (SubmitSession session = new SubmitSession()) {
            session.send(line + "\r\n");

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard()).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address> [parameters]\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldForwardWhatIsPipelinedBehindARefusedSenderAndAnswerInOrder(Feed feed) {
        try (SubmitSession session = new SubmitSession()) {
            session.send("NOOP\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<you@example.net>\r\nDATA\r\n", feed);

            assertThat(session.forwarded()).isEqualTo("NOOP\r\nRCPT TO:<you@example.net>\r\nDATA\r\n");
            assertThat(session.heard()).as("held behind the NOOP in flight").isEmpty();

            // the upstream answers NOOP, RCPT and DATA in one chunk: Postern's refusal goes right after the NOOP's reply
            session.reply("250 2.0.0 Ok\r\n503 5.5.1 Error: need MAIL command\r\n554 5.5.1 Error: no valid recipients\r\n");
            assertThat(session.heard()).isEqualTo("250 2.0.0 Ok\r\n" + REFUSED_EVIL
                    + "503 5.5.1 Error: need MAIL command\r\n554 5.5.1 Error: no valid recipients\r\n");

            // DATA was refused: the next octets are commands again
            session.send("MAIL FROM:<evil@example.org>\r\n", feed);
            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard()).isEqualTo(REFUSED_EVIL);
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldReadWhatFollowsARefusedDataAsCommands(Feed feed) {
        try (SubmitSession session = new SubmitSession()) {
            session.send("DATA\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<x@example.net>\r\n", feed);
            assertThat(session.forwarded()).isEqualTo("DATA\r\n");

            session.reply("503 5.5.1 Error: need RCPT command\r\n");

            assertThat(session.forwarded()).isEqualTo("RCPT TO:<x@example.net>\r\n");
            assertThat(session.heard()).isEqualTo("503 5.5.1 Error: need RCPT command\r\n" + REFUSED_EVIL);
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldPassAChunkUntouchedWithoutReadingIt(Feed feed) {
        String chunk = "MAIL FROM:<evil@example.org>\r\nDATA\r\n";
        try (SubmitSession session = new SubmitSession()) {
            String commands = "MAIL FROM:<" + USER + ">\r\nRCPT TO:<you@example.net>\r\nBDAT " + chunk.length() + " LAST\r\n";
            session.send(commands + chunk + "MAIL FROM:<evil@example.org>\r\n", feed);

            assertThat(session.forwarded()).isEqualTo(commands + chunk);
            session.reply("250 Ok\r\n250 Ok\r\n250 2.0.0 Ok: queued\r\n");
            assertThat(session.heard()).isEqualTo("250 Ok\r\n250 Ok\r\n250 2.0.0 Ok: queued\r\n" + REFUSED_EVIL);
        }
    }

    @Test
    void shouldPassSeveralChunksAndAnEmptyLastOne() {
        try (SubmitSession session = new SubmitSession()) {
            session.send("BDAT 3\r\nabcBDAT 0 LAST\r\nNOOP\r\n");

            assertThat(session.forwarded()).isEqualTo("BDAT 3\r\nabcBDAT 0 LAST\r\nNOOP\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseAndDropAChunkWhenTheUpstreamOfferedNoChunking(Feed feed) {
        try (SubmitSession session = new SubmitSession(SubmitSession.SEND_AS, SubmitSession.WITHOUT_CHUNKING,
                SendQuota.UNLIMITED)) {
            session.send("BDAT 30 LAST\r\nMAIL FROM:<evil@example.org>\r\nNOOP\r\n", feed);

            assertThat(session.forwarded()).isEqualTo("NOOP\r\n");
            assertThat(session.heard()).isEqualTo("502 5.5.1 BDAT not available: CHUNKING is not offered\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"BDAT 5 LAST \r\n", "BDAT  5\r\n", "BDAT +5\r\n", "BDAT 5 LAST\n", "BDAT 0x5\r\n", "BDAT 5 FIRST\r\n",
        "BDAT 1234567890123456789\r\n", " BDAT 5\r\n"})
    void shouldRefuseABdatItCannotCountExactlyAndReadWhatFollowsAsCommands(String line) {
        try (SubmitSession session = new SubmitSession()) {
            session.send(line + "MAIL FROM:<evil@example.org>\r\nNOOP\r\n");

            assertThat(session.forwarded()).isEqualTo("NOOP\r\n");
            assertThat(session.heard()).isEqualTo("501 5.5.4 Syntax: BDAT size [LAST]\r\n" + REFUSED_EVIL);
        }
    }

    @Test
    void shouldEndTheSessionAtAChunkTooLargeToCountSafely() {
        try (SubmitSession session = new SubmitSession()) {
            session.send("BDAT 2147483648\r\nNOOP\r\n");

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard()).isEqualTo("552 5.3.4 Chunk too large, closing connection\r\n");
            assertThat(session.client.isOpen()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\r\n.\n", "\n.\r\n", "\r.\r", "\r\n.\r", "\r\n.\r\r\n", "\r\n.\rX", "\r\n.\0\r\n",
        "\r\n\0.\r\n", "x\r.\n", "\n.\r"})
    void shouldEndTheSessionAtADotLineWithABareCrOrLf(String smuggled) {
        for (Feed feed : Feed.values()) {
            try (SubmitSession session = dataOpen()) {
                session.send("Subject: smuggling\r\n\r\nbody" + smuggled + "MAIL FROM:<evil@example.org>\r\nRCPT TO:<x@example.net>\r\n"
                        + "DATA\r\n\r\nsmuggled\r\n.\r\n", feed);

                String forwarded = session.forwarded();
                assertThat(forwarded).as("fed %s", feed).doesNotContain("MAIL FROM").doesNotContain("RCPT");
                String afterDot = forwarded.substring(forwarded.lastIndexOf('.') + 1);
                assertThat(afterDot).as("no line ending after the dot went upstream").doesNotContain("\r").doesNotContain("\n");
                assertThat(session.heard()).isEqualTo(
                        "554 5.5.0 Message refused: a dot line with a bare CR or LF (SMTP smuggling), closing connection\r\n");
                assertThat(session.client.isOpen()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldPassBareLineFeedsElsewhereInTheBody(Feed feed) {
        String body = "Subject: lf\n\nline one\nline two\r\n.x\n..\n\r\n\r\n.\r\n";
        try (SubmitSession session = dataOpen()) {
            session.send(body + "MAIL FROM:<evil@example.org>\r\n", feed);

            assertThat(session.forwarded()).isEqualTo(body);
            session.reply("250 2.0.0 Ok: queued\r\n");
            assertThat(session.heard()).isEqualTo("250 2.0.0 Ok: queued\r\n" + REFUSED_EVIL);
        }
    }

    @Test
    void shouldEndAnEmptyBodyAtADotRightAtItsStart() {
        try (SubmitSession session = dataOpen()) {
            session.send(".\r\nNOOP\r\n");

            assertThat(session.forwarded()).isEqualTo(".\r\nNOOP\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldDropAnOverLongLineWholeAndStayInStep(Feed feed) {
        try (SubmitSession session = new SubmitSession()) {
            String longLine = "NOOP " + "x".repeat(SubmitFilter.MAX_LINE) + " MAIL FROM:<evil@example.org>\r\n";
            session.send(longLine + "NOOP\r\n", feed);

            assertThat(session.forwarded()).isEqualTo("NOOP\r\n");
            session.reply("250 2.0.0 Ok\r\n");
            assertThat(session.heard()).isEqualTo("500 5.5.6 Command line too long\r\n250 2.0.0 Ok\r\n");
        }
    }

    @Test
    void shouldPassALineOfExactlyTheBound() {
        try (SubmitSession session = new SubmitSession()) {
            String line = "NOOP " + "x".repeat(SubmitFilter.MAX_LINE - 7) + "\r\n";
            session.send(line);

            assertThat(session.forwarded()).isEqualTo(line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOOP\rMAIL FROM:<evil@example.org>\r\n", "NOOP\0\r\n", "MAIL FROM:<me@example.com>\0\r\n"})
    void shouldRefuseLinesWithANulOrABareCr(String line) {
        try (SubmitSession session = new SubmitSession()) {
            session.send(line + "NOOP\r\n");

            assertThat(session.forwarded()).isEqualTo("NOOP\r\n");
            assertThat(session.heard()).isEqualTo("500 5.5.2 Command line with a NUL or a bare CR refused\r\n");
        }
    }

    @Test
    void shouldEndLinesAtABareLineFeedAsTheUpstreamMay() {
        try (SubmitSession session = new SubmitSession()) {
            session.send("NOOP\nMAIL FROM:<evil@example.org>\nMAIL FROM:<" + ALIAS + ">\n");

            assertThat(session.forwarded()).isEqualTo("NOOP\nMAIL FROM:<" + ALIAS + ">\n");
            session.reply("250 Ok\r\n250 Ok\r\n");
            assertThat(session.heard()).isEqualTo("250 Ok\r\n" + REFUSED_EVIL + "250 Ok\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STARTTLS", "starttls", "TURN", "ATRN example.com", "SAML FROM:<evil@example.org>",
        "SEND FROM:<evil@example.org>", "SOML FROM:<evil@example.org>", "XEXCH50 10 2"})
    void shouldRefuseCommandsThatWouldLeaveWhatPosternCanFollow(String line) {
        try (SubmitSession session = new SubmitSession()) {
            session.send(line + "\r\n");

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard()).isEqualTo("502 5.7.0 Command not allowed for this app password\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSET", "NOOP", "VRFY me", "EHLO client.test", "HELP", "AUTH PLAIN", "QUIT", "RCPT TO:<x@example.net>",
        "DATAX", "XCLIENT ADDR=1.2.3.4"})
    void shouldPassEveryOtherCommandUnread(String line) {
        try (SubmitSession session = new SubmitSession()) {
            session.send(line + "\r\n");

            assertThat(session.forwarded()).isEqualTo(line + "\r\n");
            assertThat(session.heard()).isEmpty();
        }
    }

    @Test
    void shouldCountOnlyMessagesTheUpstreamAccepted() {
        FakeQuota quota = new FakeQuota();
        quota.answerAtOnce = true;
        try (SubmitSession session = new SubmitSession(quotaOf(5), SubmitSession.WITH_CHUNKING, quota)) {
            session.send("MAIL FROM:<x@example.net>\r\nRCPT TO:<y@example.net>\r\nDATA\r\n");
            session.reply("250 Ok\r\n250 Ok\r\n354 go\r\n");
            session.send("body\r\n.\r\n");
            session.reply("250 2.0.0 queued\r\n");
            assertThat(quota.accepted).containsExactly(SubmitSession.APP_PASSWORD_ID);

            session.send("MAIL FROM:<x@example.net>\r\nBDAT 2\r\nabBDAT 1 LAST\r\nc");
            session.reply("250 Ok\r\n250 2.0.0 chunk\r\n");
            assertThat(quota.accepted).as("a chunk that is not the last counts nothing").hasSize(1);
            session.reply("554 5.7.1 rejected\r\n");
            assertThat(quota.accepted).as("a refused message counts nothing").hasSize(1);

            session.send("MAIL FROM:<x@example.net>\r\nBDAT 1 LAST\r\nc");
            session.reply("250 Ok\r\n250-2.0.0 queued\r\n250 2.0.0 as 12345\r\n");
            assertThat(quota.accepted).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldHoldEverythingBehindMailFromUntilTheQuotaAnswersThenGoOnInOrder(Feed feed) {
        FakeQuota quota = new FakeQuota();
        try (SubmitSession session = new SubmitSession(quotaOf(3), SubmitSession.WITH_CHUNKING, quota)) {
            String dialogue = "MAIL FROM:<x@example.net>\r\nRCPT TO:<y@example.net>\r\nDATA\r\n";
            session.send(dialogue, feed);
            assertThat(session.forwarded()).isEmpty();

            quota.last().complete(true); // on another thread, in the gateway
            session.runPendingTasks();

            assertThat(session.forwarded()).isEqualTo(dialogue);
            assertThat(quota.asked).hasSize(1);
        }
    }

    @Test
    void shouldRefuseMailFromPastTheQuotaAndPassWhatFollows() {
        FakeQuota quota = new FakeQuota();
        try (SubmitSession session = new SubmitSession(quotaOf(3), SubmitSession.WITH_CHUNKING, quota)) {
            session.send("NOOP\r\nMAIL FROM:<x@example.net>\r\nRCPT TO:<y@example.net>\r\n");
            assertThat(session.forwarded()).isEqualTo("NOOP\r\n");

            quota.last().complete(false);
            session.runPendingTasks();
            assertThat(session.forwarded()).isEqualTo("RCPT TO:<y@example.net>\r\n");
            session.reply("250 Ok\r\n503 5.5.1 need MAIL\r\n");

            assertThat(session.heard()).isEqualTo("250 Ok\r\n"
                    + "452 4.7.1 Daily message quota of this app password reached, try again tomorrow\r\n"
                    + "503 5.5.1 need MAIL\r\n");
        }
    }

    @Test
    void shouldAnswerATemporaryFailureWhenTheQuotaCannotBeRead() {
        FakeQuota quota = new FakeQuota();
        try (SubmitSession session = new SubmitSession(quotaOf(3), SubmitSession.WITH_CHUNKING, quota)) {
            session.send("MAIL FROM:<x@example.net>\r\n");

            quota.last().completeExceptionally(new IllegalStateException("store unreachable"));
            session.runPendingTasks();

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard()).isEqualTo("451 4.3.0 Cannot check the message quota now, try again later\r\n");
        }
    }

    @Test
    void shouldForgetAQuotaAnswerThatComesAfterTheSessionEnded() {
        FakeQuota quota = new FakeQuota();
        SubmitSession session = new SubmitSession(quotaOf(3), SubmitSession.WITH_CHUNKING, quota);
        session.send("MAIL FROM:<x@example.net>\r\nRCPT TO:<y@example.net>\r\n");

        session.client.close(); // the client left while the quota was asked; the held octets are released
        quota.last().complete(true);
        session.runPendingTasks();

        assertThat(session.forwarded()).isEmpty();
        session.close();
    }

    @Test
    void shouldAskTheQuotaOnlyOnceTheMessageBeforeIsAnswered() {
        FakeQuota quota = new FakeQuota();
        quota.answerAtOnce = true;
        try (SubmitSession session = new SubmitSession(quotaOf(3), SubmitSession.WITH_CHUNKING, quota)) {
            session.send("MAIL FROM:<x@example.net>\r\nBDAT 1 LAST\r\naMAIL FROM:<x@example.net>\r\nBDAT 1 LAST\r\nb");
            assertThat(session.forwarded()).isEqualTo("MAIL FROM:<x@example.net>\r\nBDAT 1 LAST\r\na");
            assertThat(quota.asked).hasSize(1);

            session.reply("250 Ok\r\n250 2.0.0 queued\r\n");

            assertThat(quota.accepted).hasSize(1);
            assertThat(quota.asked).hasSize(2);
            assertThat(session.forwarded()).isEqualTo("MAIL FROM:<x@example.net>\r\nBDAT 1 LAST\r\nb");
        }
    }

    @Test
    void shouldEndTheSessionWhenTooMuchArrivesWhileWaitingForTheReplyToData() {
        try (SubmitSession session = new SubmitSession()) {
            session.send("DATA\r\n");
            session.forwarded();
            String chunk = "x".repeat(64 * 1024);
            for (int i = 0; i <= SubmitFilter.MAX_WAITING / chunk.length() && session.client.isOpen(); i++) {
                session.send(chunk);
            }

            assertThat(session.forwarded()).isEmpty();
            assertThat(session.heard())
                    .isEqualTo("421 4.7.0 Too much data sent without waiting for replies, closing connection\r\n");
            assertThat(session.client.isOpen()).isFalse();
        }
    }

    @Test
    void shouldStopReadingPastTheHeldAnswersBoundUntilTheUpstreamCatchesUp() {
        try (SubmitSession session = new SubmitSession()) {
            StringBuilder pipelined = new StringBuilder("NOOP\r\n");
            for (int i = 0; i < ReplyLedger.MAX_HELD + 5; i++) {
                pipelined.append("STARTTLS\r\n");
            }
            session.send(pipelined + "RSET\r\n");
            assertThat(session.forwarded()).isEqualTo("NOOP\r\n");
            assertThat(session.heard()).isEmpty();

            session.reply("250 2.0.0 Ok\r\n");

            assertThat(session.heard()).startsWith("250 2.0.0 Ok\r\n502 5.7.0 ")
                    .hasLineCount(ReplyLedger.MAX_HELD + 6);
            assertThat(session.forwarded()).isEqualTo("RSET\r\n");
        }
    }

    private static SubmitSession dataOpen() {
        SubmitSession session = new SubmitSession();
        session.send("DATA\r\n");
        session.reply("354 go ahead\r\n");
        session.forwarded();
        session.heard();
        return session;
    }

    private static Limits quotaOf(int perDay) {
        return new Limits(List.of(), List.of(), perDay);
    }
}
