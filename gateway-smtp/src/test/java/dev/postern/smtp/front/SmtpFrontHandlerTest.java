package dev.postern.smtp.front;

import static dev.postern.smtp.front.FrontHarness.FAILURE_DELAY;
import static dev.postern.smtp.front.FrontHarness.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.RejectReason;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.store.Scope;
import dev.postern.smtp.front.FrontHarness.Feed;
import dev.postern.smtp.upstream.SmtpExtensions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SMTP front before login: every reply code, fed whole and byte by byte. */
class SmtpFrontHandlerTest {

    private static final SmtpExtensions UPSTREAM = new SmtpExtensions(List.of("SIZE 1000", "PIPELINING",
            "AUTH PLAIN LOGIN", "STARTTLS", "XCLIENT ADDR NAME", "8BITMIME", "CHUNKING", "VRFY"));
    private static final String GREETING = "220 " + HOST + " ESMTP\r\n";
    private static final String EHLO_TLS = "250-" + HOST + "\r\n250-SIZE 1000\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
            + "250-CHUNKING\r\n250 AUTH PLAIN LOGIN\r\n";

    private static FrontHarness implicit() {
        FrontHarness harness = new FrontHarness(ListenerTls.IMPLICIT, UPSTREAM);
        assertThat(harness.replies()).isEqualTo(GREETING);
        return harness;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAdvertiseOnlyRelayableUpstreamExtensionsAndItsOwnAuth(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("EHLO client.example\r\nHELO client.example\r\nRSET\r\nNOOP\r\nHELP\r\n", feed);

        assertThat(harness.replies()).isEqualTo(EHLO_TLS + "250 " + HOST + "\r\n" + SmtpReplies.OK + SmtpReplies.OK
                + SmtpReplies.HELP);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldOfferStartTlsAndRefuseAuthBeforeTls(Feed feed) {
        FrontHarness harness = new FrontHarness(ListenerTls.STARTTLS, UPSTREAM);
        assertThat(harness.replies()).isEqualTo(GREETING);

        harness.write("EHLO c\r\nAUTH PLAIN " + b64("\0alice\0pw") + "\r\n", feed);

        assertThat(harness.replies()).isEqualTo("250-" + HOST + "\r\n250-SIZE 1000\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
                + "250-CHUNKING\r\n250 STARTTLS\r\n530 5.7.0 Must issue a STARTTLS command first\r\n");
        assertThat(harness.attempts).isEmpty();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRequireAuthenticationForMailRcptAndDataThenCloseAfterThreeErrors(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nNOOP\r\n", feed);

        String required = "530 5.7.0 Authentication required\r\n";
        assertThat(harness.replies()).isEqualTo(required + required + required
                + "421 4.7.0 " + HOST + " Too many errors, closing connection\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAnswerSyntaxAndSequenceErrors(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("AUTH PLAIN\r\nEHLO\r\nEHLO c\r\nAUTH\r\nNOOP\r\n", feed);

        assertThat(harness.replies()).isEqualTo("503 5.5.1 Send EHLO first\r\n501 5.5.4 Syntax: EHLO hostname\r\n"
                + EHLO_TLS + "501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n"
                + "421 4.7.0 " + HOST + " Too many errors, closing connection\r\n");
        harness.channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseAnUnknownMechanismACancelAndBadBase64(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("EHLO c\r\nAUTH CRAM-MD5\r\nAUTH PLAIN\r\n*\r\nAUTH LOGIN\r\n*\r\nAUTH PLAIN\r\n!!notbase64\r\n", feed);

        assertThat(harness.replies()).isEqualTo(EHLO_TLS + "504 5.5.4 Unrecognized authentication type\r\n"
                + "334 \r\n501 5.5.2 Authentication cancelled\r\n"
                + "334 VXNlcm5hbWU6\r\n501 5.5.2 Authentication cancelled\r\n"
                + "334 \r\n501 5.5.2 Cannot decode the response\r\n");
        assertThat(harness.attempts).isEmpty();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseALineOverTheBound(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("AUTH PLAIN " + "A".repeat(SmtpFrontSettings.DEFAULT_MAX_LINE) + "\r\nNOOP\r\n", feed);

        assertThat(harness.replies()).isEqualTo("500 5.5.6 Line too long\r\n" + SmtpReplies.OK);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldCheckAuthPlainWithInitialResponseInTheSmtpScopeAndRefuseAfterTheDelay(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        harness.write("EHLO c\r\nAUTH PLAIN " + b64("\0alice@example.org\0wrong") + "\r\n", feed);

        assertThat(harness.attempts).hasSize(1).first().satisfies(attempt -> {
            assertThat(attempt.user().value()).isEqualTo("alice@example.org");
            assertThat(attempt.password()).isEqualTo("wrong");
            assertThat(attempt.scope()).isEqualTo(Scope.SMTP);
        });
        assertThat(harness.replies()).isEqualTo(EHLO_TLS);
        harness.advance(FAILURE_DELAY.minusMillis(1));
        assertThat(harness.replies()).isEmpty();
        harness.advance(Duration.ofMillis(1));
        assertThat(harness.replies()).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldHandTheVerifierTheNameNormalisedWholeAndRefuseAnInvalidNameWithoutAsking(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        harness.write("EHLO c\r\nAUTH PLAIN " + b64(" Alice@Example.ORG\0Alice@Example.ORG\0wrong") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);
        harness.write("AUTH PLAIN " + b64("\0al ice@example.org\0wrong") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).extracting(attempt -> attempt.user().value()).containsExactly("alice@example.org");
        String invalid = "535 5.7.8 Authentication credentials invalid\r\n";
        assertThat(harness.replies()).isEqualTo(EHLO_TLS + invalid + invalid);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRunAuthPlainByContinuation(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.UNKNOWN_USER);

        harness.write("EHLO c\r\nAUTH PLAIN\r\n" + b64("\0bob\0secret") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).extracting(attempt -> attempt.user().value()).containsExactly("bob");
        assertThat(harness.replies()).isEqualTo(EHLO_TLS + "334 \r\n535 5.7.8 Authentication credentials invalid\r\n");
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRunAuthLoginWithAndWithoutTheUserInline(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.REVOKED);

        harness.write("EHLO c\r\nAUTH LOGIN\r\n" + b64("bob") + "\r\n" + b64("pw1") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);
        harness.write("AUTH LOGIN " + b64("carol") + "\r\n" + b64("pw2") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).extracting(attempt -> attempt.user().value(), LoginAttempt::password)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "pw1"),
                        org.assertj.core.groups.Tuple.tuple("carol", "pw2"));
        String invalid = "535 5.7.8 Authentication credentials invalid\r\n";
        assertThat(harness.replies()).isEqualTo(EHLO_TLS + "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n" + invalid
                + "334 UGFzc3dvcmQ6\r\n" + invalid);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseAnotherAuthzidWithoutCheckingThePassword(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("EHLO c\r\nAUTH PLAIN " + b64("boss@example.org\0alice@example.org\0pw") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).isEmpty();
        assertThat(harness.replies()).isEqualTo(EHLO_TLS + "535 5.7.8 Authentication credentials invalid\r\n");
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAnswerATemporaryFailureAtOnceWhenTheCheckCannotBeMade(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Unavailable("hash pool full");

        harness.write("EHLO c\r\nAUTH PLAIN " + b64("\0alice\0pw") + "\r\nNOOP\r\n", feed);

        assertThat(harness.replies()).isEqualTo(EHLO_TLS + "454 4.7.0 Temporary authentication failure\r\n"
                + SmtpReplies.OK);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAnswerCommandsPipelinedBehindARefusedAuthInOrder(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        harness.write("EHLO c\r\nAUTH PLAIN " + b64("\0alice\0pw") + "\r\nMAIL FROM:<alice>\r\nNOOP\r\n", feed);

        assertThat(harness.replies()).isEqualTo(EHLO_TLS);
        harness.advance(FAILURE_DELAY);
        assertThat(harness.replies()).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n"
                + "530 5.7.0 Authentication required\r\n" + SmtpReplies.OK);
        harness.finish();
    }

    @Test
    void shouldCloseAfterTooManyFailedLogins() {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);
        harness.write("EHLO c\r\n", Feed.WHOLE);
        harness.replies();

        for (int i = 0; i < 3; i++) {
            harness.write("AUTH PLAIN " + b64("\0alice\0pw" + i) + "\r\n", Feed.WHOLE);
            harness.advance(FAILURE_DELAY);
        }

        String invalid = "535 5.7.8 Authentication credentials invalid\r\n";
        assertThat(harness.replies()).isEqualTo(invalid + invalid + invalid
                + "421 4.7.0 " + HOST + " Too many authentication failures, closing connection\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.channel.finishAndReleaseAll();
    }

    @Test
    void shouldCloseWhenNotLoggedInWithinThePreAuthTimeout() {
        FrontHarness harness = implicit();

        harness.advance(Duration.ofSeconds(60));

        assertThat(harness.replies()).isEqualTo("421 4.4.2 " + HOST + " Timeout, closing connection\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldSayByeOnQuit(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("QUIT\r\n", feed);

        assertThat(harness.replies()).isEqualTo("221 2.0.0 Bye\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseStartTlsOnAnImplicitTlsListener(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("STARTTLS\r\nSTARTTLS now\r\n", feed);

        assertThat(harness.replies()).isEqualTo("503 5.5.1 TLS already active\r\n501 5.5.4 No arguments allowed\r\n");
        harness.finish();
    }
}
