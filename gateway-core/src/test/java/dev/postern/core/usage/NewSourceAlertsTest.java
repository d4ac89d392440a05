package dev.postern.core.usage;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.auth.AuthResult;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.FakeClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** New-source alerts on a real SQLite store shared by two gateways; the webhook side is in WebhookTest and the ITs. */
class NewSourceAlertsTest {

    @TempDir
    Path dir;
    private SqliteStore store;
    private final FakeClock clock = new FakeClock();
    private final Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final AuthResult.Success login = new AuthResult.Success(ALICE, "ab12cd", EnumSet.of(Scope.IMAP));

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("postern.db"));
        store.createAppPassword(appPassword("ab12cd", ALICE, "Laptop \"home\"", clock.instant()));
        audit.setContext(auditLogger.getLoggerContext());
        audit.start();
        auditLogger.addAppender(audit);
    }

    @AfterEach
    void close() {
        auditLogger.detachAppender(audit);
        store.close();
    }

    private NewSourceAlerts alerts(SqliteStore on) {
        return new NewSourceAlerts(on, Runnable::run, clock, new AuditLog(Clock.fixed(clock.instant(), ZoneOffset.UTC)), GatewayMetrics.noop(), Optional.empty());
    }

    /** The audit lines as JSON objects, their {@code time} checked against the clock and left out. */
    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (ILoggingEvent event : audit.list) {
            ObjectNode line = (ObjectNode) new ObjectMapper().readTree(event.getFormattedMessage());
            assertThat(Instant.parse(line.remove("time").asText())).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            lines.add(line);
        }
        return lines;
    }

    @Test
    void shouldAlertOnceForEachNewNetworkAcrossGatewaysOnOneStore() throws Exception {
        NewSourceAlerts here = alerts(store);
        here.loggedIn("imap", login, InetAddress.getByName("192.0.2.7"));
        here.loggedIn("imap", login, InetAddress.getByName("192.0.2.200"));
        here.loggedIn("smtp", login, InetAddress.getByName("2001:db8:1:2::5"));
        here.loggedIn("smtp", login, InetAddress.getByName("2001:db8:1:2:ffff::1"));
        try (SqliteStore other = SqliteStore.open(dir.resolve("postern.db"))) {
            NewSourceAlerts there = alerts(other);
            there.loggedIn("imap", login, InetAddress.getByName("192.0.2.9"));
            there.loggedIn("imap", login, InetAddress.getByName("198.51.100.1"));
        }

        assertThat(lines()).containsExactly(
                line("imap", "192.0.2.7", "192.0.2.0/24"),
                line("smtp", "2001:db8:1:2:0:0:0:5", "2001:db8:1:2::/64"),
                line("imap", "198.51.100.1", "198.51.100.0/24"));
    }

    @Test
    void shouldTryAgainAtTheNextLoginWhenTheStorePoolRefused() throws Exception {
        NewSourceAlerts refused = new NewSourceAlerts(store, task -> {
            throw new RejectedExecutionException("full");
        }, clock, new AuditLog(Clock.fixed(clock.instant(), ZoneOffset.UTC)), GatewayMetrics.noop(), Optional.empty());
        refused.loggedIn("imap", login, InetAddress.getByName("192.0.2.7"));

        assertThat(lines()).isEmpty();
        assertThat(store.recordSource("ab12cd", "192.0.2.0/24", clock.instant())).as("nothing was recorded").isTrue();
    }

    private static JsonNode line(String protocol, String ip, String network) throws Exception {
        return new ObjectMapper().readTree("{\"event\":\"new_source\",\"protocol\":\"" + protocol + "\",\"client_ip\":\""
                + ip + "\",\"user\":\"" + ALICE + "\",\"app_password_id\":\"ab12cd\",\"label\":\"Laptop \\\"home\\\"\","
                + "\"network\":\"" + network + "\"}");
    }
}
