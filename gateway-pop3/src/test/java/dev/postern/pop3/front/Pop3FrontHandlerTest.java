package dev.postern.pop3.front;

import static dev.postern.pop3.front.FrontHarness.FAILURE_DELAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.RejectReason;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.store.Scope;
import dev.postern.pop3.front.FrontHarness.Feed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The POP3 front before login: every reply, fed whole (several commands in one read) and byte by byte. */
class Pop3FrontHandlerTest {

    /** What a Dovecot upstream's probe learns, with lines Postern must not pass on. */
    private static final List<String> UPSTREAM = List.of("CAPA", "top", "UIDL", "RESP-CODES", "PIPELINING",
            "AUTH-RESP-CODE", "SASL PLAIN XOAUTH2", "USER", "STLS", "UTF8", "IMPLEMENTATION Dovecot",
            "EXPIRE  NEVER", "LOGIN-DELAY 0", "TOP");
    private static final String GREETING = "+OK Postern POP3 ready.\r\n";
    private static final String CAPA_LOGIN = "+OK Capability list follows.\r\nUSER\r\nSASL PLAIN LOGIN\r\nTOP\r\nUIDL\r\n"
            + "RESP-CODES\r\nPIPELINING\r\nEXPIRE NEVER\r\nLOGIN-DELAY 0\r\nAUTH-RESP-CODE\r\n.\r\n";
    private static final String CAPA_BEFORE_TLS = "+OK Capability list follows.\r\nSTLS\r\nTOP\r\nUIDL\r\n"
            + "RESP-CODES\r\nPIPELINING\r\nEXPIRE NEVER\r\nLOGIN-DELAY 0\r\n.\r\n";
    private static final String FAILED = "-ERR [AUTH] Authentication failed.\r\n";
    private static final String TLS_REQUIRED = "-ERR [AUTH] TLS required: use STLS first.\r\n";

    private static FrontHarness started(ListenerTls security) {
        FrontHarness harness = new FrontHarness(security, UPSTREAM);
        assertThat(harness.replies()).isEqualTo(GREETING);
        return harness;
    }

    private static FrontHarness implicit() {
        return started(ListenerTls.IMPLICIT);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** UTF-8 text as the octets a client sends, one char each (what FrontHarness.write takes). */
    private static String octets(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @EnumSource(ListenerTls.class)
    void shouldGreetWithoutAnApopTimestampOnEveryListener(ListenerTls security) {
        FrontHarness harness = new FrontHarness(security, UPSTREAM);

        assertThat(harness.replies()).isEqualTo(GREETING).doesNotContain("<");
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldListItsOwnLoginAndOnlyTheRelayableUpstreamCapabilitiesOnImplicitTls(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("CAPA\r\ncapa\r\n", feed);

        assertThat(harness.replies()).isEqualTo(CAPA_LOGIN + CAPA_LOGIN);
        harness.finish();
    }

    @Test
    void shouldOfferOnlyItsOwnLoginWhileTheUpstreamCapabilitiesAreUnknown() {
        FrontHarness harness = new FrontHarness(ListenerTls.IMPLICIT, List.of());
        harness.replies();

        harness.write("CAPA\r\n", Feed.WHOLE);

        assertThat(harness.replies()).isEqualTo("+OK Capability list follows.\r\nUSER\r\nSASL PLAIN LOGIN\r\n"
                + "AUTH-RESP-CODE\r\n.\r\n");
        harness.finish();
    }

    @Test
    void shouldNotAdvertisePipeliningOrResponseCodesTheUpstreamLacks() {
        FrontHarness harness = new FrontHarness(ListenerTls.NONE, List.of("TOP", "USER"));
        harness.replies();

        harness.write("CAPA\r\n", Feed.WHOLE);

        assertThat(harness.replies()).isEqualTo("+OK Capability list follows.\r\nUSER\r\nSASL PLAIN LOGIN\r\nTOP\r\n"
                + "AUTH-RESP-CODE\r\n.\r\n");
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldOfferStlsAndNoLoginBeforeTlsAndRefuseEveryLoginCommand(Feed feed) {
        FrontHarness harness = started(ListenerTls.STARTTLS);

        harness.write("CAPA\r\nUSER alice\r\nAUTH PLAIN " + b64("\0alice\0pw") + "\r\n", feed);

        assertThat(harness.replies()).isEqualTo(CAPA_BEFORE_TLS + TLS_REQUIRED + TLS_REQUIRED);
        harness.write("PASS pw\r\n", feed);
        assertThat(harness.replies()).isEqualTo("-ERR Too many bad commands, closing connection.\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        assertThat(harness.attempts).isEmpty();
        harness.release();
    }

    @Test
    void shouldRefuseAuthWithoutArgumentsBeforeTls() {
        FrontHarness harness = started(ListenerTls.STARTTLS);

        harness.write("AUTH\r\n", Feed.WHOLE);

        assertThat(harness.replies()).isEqualTo(TLS_REQUIRED);
        harness.finish();
    }

    @Test
    void shouldStartTlsDropWhatWasPipelinedBehindStlsAndThenOfferTheLogin() {
        FrontHarness harness = started(ListenerTls.STARTTLS);
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        // when: a client (or a man in the middle) pipelines a login behind STLS, in clear
        harness.write("STLS\r\nUSER alice\r\nPASS injected\r\n", Feed.WHOLE);

        // then: only the go-ahead, in clear; nothing of the pipelined login is ever seen
        assertThat(harness.replies()).isEqualTo("+OK Begin TLS negotiation.\r\n");
        harness.startClientTls();
        harness.write("PASS injected\r\nCAPA\r\nSTLS\r\nUSER alice\r\nPASS pw\r\n", Feed.WHOLE);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.replies()).isEqualTo("-ERR PASS must follow USER.\r\n" + CAPA_LOGIN
                + "-ERR TLS is already active.\r\n+OK Send PASS.\r\n" + FAILED);
        assertThat(harness.attempts).extracting(attempt -> attempt.user().value(), LoginAttempt::password)
                .containsExactly(tuple("alice", "pw"));
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseStlsOnAnImplicitTlsOrPlainListener(Feed feed) {
        FrontHarness implicit = implicit();
        FrontHarness plain = started(ListenerTls.NONE);

        implicit.write("STLS\r\n", feed);
        plain.write("STLS\r\n", feed);

        assertThat(implicit.replies()).isEqualTo("-ERR TLS is already active.\r\n");
        assertThat(plain.replies()).isEqualTo("-ERR STLS is not offered on this port.\r\n");
        implicit.finish();
        plain.finish();
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void shouldRefuseEveryKindOfBadCredentialAlikeAfterTheDelay(RejectReason reason) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(reason);

        harness.write("USER alice@example.org\r\nPASS wrong\r\n", Feed.WHOLE);

        assertThat(harness.replies()).isEqualTo("+OK Send PASS.\r\n");
        harness.advance(FAILURE_DELAY.minusMillis(1));
        assertThat(harness.replies()).isEmpty();
        harness.advance(Duration.ofMillis(1));
        assertThat(harness.replies()).isEqualTo(FAILED);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldCheckUserAndPassInThePop3ScopeWithThePasswordWholeAndInUtf8(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        harness.write(octets("user  J\u00fcrgen@Example.org \r\nPASS  p\u00e4ss w\u00f6rd \r\n"), feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).hasSize(1).first().satisfies(attempt -> {
            assertThat(attempt.user().value()).isEqualTo("j\u00fcrgen@example.org");
            assertThat(attempt.password()).isEqualTo(" p\u00e4ss w\u00f6rd ");
            assertThat(attempt.scope()).isEqualTo(Scope.POP3);
        });
        assertThat(harness.replies()).isEqualTo("+OK Send PASS.\r\n" + FAILED);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldTakePassOnlyRightAfterUser(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("PASS pw\r\nUSER alice\r\nCAPA\r\nPASS pw\r\n", feed);

        assertThat(harness.replies()).isEqualTo("-ERR PASS must follow USER.\r\n+OK Send PASS.\r\n" + CAPA_LOGIN
                + "-ERR PASS must follow USER.\r\n");
        assertThat(harness.attempts).isEmpty();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAnswerSyntaxErrorsOfUserPassAndAuth(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("USER\r\nUSER a\r\nPASS\r\n", feed);

        assertThat(harness.replies()).isEqualTo("-ERR Syntax: USER name\r\n+OK Send PASS.\r\n"
                + "-ERR Syntax: PASS password\r\n");
        harness.release();
        harness = implicit();
        harness.write("AUTH PLAIN a b\r\n", feed);
        assertThat(harness.replies()).isEqualTo("-ERR Syntax: AUTH [mechanism [initial-response]]\r\n");
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldCheckAuthPlainWithAnInitialResponse(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        harness.write("AUTH PLAIN " + b64("\0alice@example.org\0wrong") + "\r\n", feed);

        assertThat(harness.attempts).extracting(attempt -> attempt.user().value(), LoginAttempt::password,
                LoginAttempt::scope).containsExactly(tuple("alice@example.org", "wrong", Scope.POP3));
        assertThat(harness.replies()).isEmpty();
        harness.advance(FAILURE_DELAY);
        assertThat(harness.replies()).isEqualTo(FAILED);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRunAuthPlainByContinuationWithAResponseLongerThanACommandLine(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.UNKNOWN_USER);
        String password = "p".repeat(500);

        harness.write("AUTH PLAIN\r\n" + b64("\0bob\0" + password) + "\r\n", feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).extracting(attempt -> attempt.user().value(), LoginAttempt::password)
                .containsExactly(tuple("bob", password));
        assertThat(harness.replies()).isEqualTo("+ \r\n" + FAILED);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRunAuthLoginWithAndWithoutTheUserAsInitialResponse(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.REVOKED);

        harness.write("AUTH LOGIN\r\n" + b64("bob") + "\r\n" + b64("pw1") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);
        harness.write("auth login " + b64("carol") + "\r\n" + b64("pw2") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).extracting(attempt -> attempt.user().value(), LoginAttempt::password)
                .containsExactly(tuple("bob", "pw1"), tuple("carol", "pw2"));
        assertThat(harness.replies()).isEqualTo("+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\n" + FAILED
                + "+ UGFzc3dvcmQ6\r\n" + FAILED);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldListTheMechanismsAndRefuseACancelAnUnknownMechanismAndBadBase64(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("AUTH\r\nAUTH PLAIN\r\n*\r\nAUTH LOGIN\r\n*\r\nAUTH CRAM-MD5\r\nAUTH PLAIN\r\n!!notbase64\r\n",
                feed);

        assertThat(harness.replies()).isEqualTo("+OK SASL mechanisms follow.\r\nPLAIN\r\nLOGIN\r\n.\r\n"
                + "+ \r\n-ERR Authentication cancelled.\r\n+ VXNlcm5hbWU6\r\n-ERR Authentication cancelled.\r\n"
                + "-ERR Unsupported SASL mechanism.\r\n+ \r\n-ERR Invalid SASL response.\r\n");
        assertThat(harness.attempts).isEmpty();
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseActingAsAnotherUserWithTheSameWordsWithoutCheckingThePassword(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("AUTH PLAIN " + b64("boss@example.org\0alice@example.org\0pw") + "\r\n", feed);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.attempts).isEmpty();
        assertThat(harness.replies()).isEqualTo(FAILED);
        harness.finish();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAnswerATemporaryFailureAtOnceWhenTheCheckCannotBeMade(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Unavailable("hash pool full");

        harness.write("USER alice\r\nPASS pw\r\nCAPA\r\n", feed);

        assertThat(harness.replies()).isEqualTo("+OK Send PASS.\r\n"
                + "-ERR [SYS/TEMP] Temporary authentication failure, try again later.\r\n" + CAPA_LOGIN);
        harness.finish();
    }

    @Test
    void shouldSayTheUpstreamIsUnavailableInTheSameCodeAndNeverAnnounceCapabilitiesAtLogin() {
        Pop3LoginReplies replies = Pop3LoginReplies.INSTANCE;

        assertThat(replies.upstreamUnavailable()).isEqualTo("-ERR [SYS/TEMP] Mail server unavailable, try again later.\r\n");
        assertThat(replies.authorizationFailed()).isEqualTo(replies.authenticationFailed()).isEqualTo(FAILED);
        assertThat(replies.loggedIn("TOP UIDL")).isEqualTo("+OK Logged in.\r\n");
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldAnswerCommandsPipelinedBehindARefusedLoginInOrder(Feed feed) {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        harness.write("USER alice\r\nPASS pw\r\nSTAT\r\nCAPA\r\n", feed);

        assertThat(harness.replies()).isEqualTo("+OK Send PASS.\r\n");
        harness.advance(FAILURE_DELAY);
        assertThat(harness.replies()).isEqualTo(FAILED + "-ERR Not logged in: use USER/PASS or AUTH first.\r\n"
                + CAPA_LOGIN);
        harness.finish();
    }

    @Test
    void shouldCloseAfterTheRefusalOfTheLastAllowedLogin() {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        for (int i = 0; i < 3; i++) {
            harness.write("USER alice\r\nPASS pw" + i + "\r\n", Feed.WHOLE);
            harness.advance(FAILURE_DELAY);
        }

        String refused = "+OK Send PASS.\r\n" + FAILED;
        assertThat(harness.replies()).isEqualTo(refused + refused + refused);
        assertThat(harness.channel.isActive()).isFalse();
        harness.release();
    }

    @Test
    void shouldCloseWhenTooMuchIsPipelinedBehindALogin() {
        FrontHarness harness = implicit();
        harness.answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        harness.write("USER alice\r\nPASS pw\r\n" + "STAT\r\n".repeat(12_000), Feed.WHOLE);
        harness.advance(FAILURE_DELAY);

        assertThat(harness.replies()).isEqualTo("+OK Send PASS.\r\n" + FAILED
                + "-ERR Too much data sent before the login completed.\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.release();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseTransactionCommandsAndCloseAfterTooManyBadCommands(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("STAT\r\nNOOP\r\nRETR 1\r\nQUIT\r\n", feed);

        String notLoggedIn = "-ERR Not logged in: use USER/PASS or AUTH first.\r\n";
        assertThat(harness.replies()).isEqualTo(notLoggedIn + notLoggedIn
                + "-ERR Too many bad commands, closing connection.\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.release();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseApopUnknownCommandsAndEmptyLines(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("APOP alice c4c9334bac560ecc979e58001b3e22fb\r\nXYZZY\r\n", feed);

        assertThat(harness.replies()).isEqualTo("-ERR APOP is not supported: use USER/PASS or AUTH.\r\n"
                + "-ERR Unknown command.\r\n");
        harness.write("\r\n", feed);
        assertThat(harness.replies()).isEqualTo("-ERR Too many bad commands, closing connection.\r\n");
        harness.release();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldRefuseALineOverTheBoundAndStayInStep(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("USER " + "a".repeat(Pop3FrontSettings.DEFAULT_MAX_LINE) + "\r\nPA\0SS x\r\nQUIT\r\n", feed);

        assertThat(harness.replies()).isEqualTo("-ERR Line too long.\r\n-ERR Invalid command line.\r\n"
                + "+OK Postern POP3 signing off.\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.release();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void shouldSignOffOnQuitAndIgnoreWhatFollows(Feed feed) {
        FrontHarness harness = implicit();

        harness.write("quit\r\nUSER alice\r\nPASS pw\r\n", feed);

        assertThat(harness.replies()).isEqualTo("+OK Postern POP3 signing off.\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        assertThat(harness.attempts).isEmpty();
        harness.release();
    }

    @Test
    void shouldCloseWhenNotLoggedInWithinThePreAuthTimeout() {
        FrontHarness harness = implicit();

        harness.advance(FrontHarness.PRE_AUTH_TIMEOUT);

        assertThat(harness.replies()).isEqualTo("-ERR Disconnected for inactivity.\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.release();
    }

    @Test
    void shouldLetAClientBeforeLoginGoWhenTheGatewayStops() {
        FrontHarness harness = implicit();

        harness.front.shuttingDown();
        harness.channel.runPendingTasks();

        assertThat(harness.replies()).isEqualTo("-ERR [SYS/TEMP] Server shutting down.\r\n");
        assertThat(harness.channel.isActive()).isFalse();
        harness.release();
    }
}
