package dev.postern.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The audit line's escaping: one physical line per attempt, whatever a user name holds. */
class AuditLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final AuditLog audit = new AuditLog(Clock.fixed(Instant.parse("2025-03-01T10:00:00.123Z"), ZoneOffset.UTC));

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        appender.stop();
    }

    private String lineFor(String user) {
        audit.login(new LoginEvent("imap", "127.0.0.1:993", "192.0.2.7", user, "login", "rejected",
                "unknown_user", null, 2, 0));
        List<ILoggingEvent> events = appender.list;
        assertThat(events).hasSize(1);
        return events.get(0).getFormattedMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a\u0085b|a\\u0085b",              // NEL (Cc)
        "a\u2028b|a\\u2028b",              // LINE SEPARATOR (Zl)
        "a\u2029b|a\\u2029b",              // PARAGRAPH SEPARATOR (Zp)
        "a\u009bb|a\\u009Bb",              // CSI (Cc)
        "a\u200eb|a\\u200Eb",              // LEFT-TO-RIGHT MARK (Cf)
        "a\ufeffb|a\\uFEFFb",              // BOM (Cf)
        "a\u202eb|a\\u202Eb",              // RIGHT-TO-LEFT OVERRIDE (Cf)
        "a\ud800b|a\\uD800b",              // a lone high surrogate
        "a\udc00b|a\\uDC00b",              // a lone low surrogate
        "a\ue000b|a\\uE000b",              // private use (Co)
        "a\u0378b|a\\u0378b",              // unassigned (Cn)
        "a\u0001\u001fb|a\\u0001\\u001Fb", // C0 controls, as before
        "a\nb\rc|a\\nb\\rc"})
    void shouldEscapeEveryControlFormatAndSeparatorCharacter(String typedAndWritten) throws Exception {
        String[] parts = typedAndWritten.split("\\|");

        String line = lineFor(parts[0]);

        assertThat(line).contains("\"user\":\"" + parts[1] + "\"");
        assertThat(line).matches("[\\x20-\\x7e]+");
        assertThat(new ObjectMapper().readTree(line).get("user").asText()).isEqualTo(parts[0]);
    }

    @Test
    void shouldKeepLettersSymbolsAndSpacesBeyondAsciiAsTyped() {
        String user = "j\u00fcrgen\u00a0m\u00fcller@\u4f8b\u3048.\u0442\u0435\u0441\u0442 \ud83d\ude00";

        String line = lineFor(user);

        assertThat(line).contains("\"user\":\"j\u00fcrgen\u00a0m\u00fcller@\u4f8b\u3048.\u0442\u0435\u0441\u0442 ");
    }

    @Test
    void shouldEscapeWhatCouldForgeAField() {
        assertThat(lineFor("x\",\"client_ip\":\"203.0.113.9")).contains("\"user\":\"x\\\",\\\"client_ip\\\":\\\"203.0.113.9\"");
    }
}
