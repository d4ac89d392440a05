package dev.postern.core.observe;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON object per line per login attempt, on the logger {@value #LOGGER} (its own
 * appender in the shipped Logback configuration). Field names and outcome words are stable so that
 * fail2ban and log pipelines can match them:
 * <pre>{"time":"2025-03-01T10:00:00.123Z","event":"login","protocol":"imap","listener":"0.0.0.0:993","client_ip":"192.0.2.7",
 * "user":"alice@example.com","mechanism":"plain","outcome":"rejected","reason":"wrong_password",
 * "app_password_id":null,"check_ms":212,"upstream_ms":0}</pre>
 * A session the gateway closes because its credential ended gets a {@link #sessionClosed} line.
 * The key order is fixed (fail2ban's filter relies on it) and {@code time} is always UTC with
 * milliseconds. The user is written as typed, JSON-escaped (quotes, backslashes and control
 * characters cannot forge another field) and capped at {@value #MAX_USER} characters. Every string
 * field is escaped by {@link AuditEscapes}: beyond ASCII, controls, format characters, U+2028/U+2029,
 * surrogates, private-use and unassigned code points are written as <code>&#92;uXXXX</code>, so no tool that
 * splits on Unicode line ends (U+0085, U+2028, U+2029) sees more than one line per attempt.
 */
public final class AuditLog {

    public static final String LOGGER = "postern.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final ObjectMapper JSON =
            new ObjectMapper(new JsonFactoryBuilder().characterEscapes(new AuditEscapes()).build());
    /** Longest user name written, in characters; longer ones are cut and end in {@code ...}. */
    public static final int MAX_USER = 256;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public AuditLog() {
        this(Clock.systemUTC());
    }

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public void login(LoginEvent event) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", TIME.format(clock.instant()));
        line.put("event", "login");
        line.put("protocol", event.protocol());
        line.put("listener", event.listener());
        line.put("client_ip", event.clientIp());
        line.put("user", capped(event.userAsTyped()));
        line.put("mechanism", event.mechanism());
        line.put("outcome", event.outcome());
        line.put("reason", event.reason());
        line.put("app_password_id", event.appPasswordId());
        line.put("check_ms", event.checkMillis());
        line.put("upstream_ms", event.upstreamMillis());
        try {
            LOG.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warn("could not write an audit line: {}", e.getMessage());
        }
    }

    /**
     * A relayed session closed by the gateway because its app password ended (event
     * {@code session_closed}; no {@code outcome} field, so fail2ban's filter never counts it):
     * <pre>{"time":"...","event":"session_closed","protocol":"imap","listener":"0.0.0.0:993","client_ip":"192.0.2.7",
     * "user":"alice@example.com","app_password_id":"k3...","reason":"revoked"}</pre>
     */
    public void sessionClosed(SessionClosedEvent event) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", TIME.format(clock.instant()));
        line.put("event", "session_closed");
        line.put("protocol", event.protocol());
        line.put("listener", event.listener());
        line.put("client_ip", event.clientIp());
        line.put("user", capped(event.user()));
        line.put("app_password_id", event.appPasswordId());
        line.put("reason", event.reason());
        write(line);
    }

    /**
     * The first login of an app password from a network it was never used from (event
     * {@code new_source}; no {@code outcome} field):
     * <pre>{"time":"...","event":"new_source","protocol":"smtp","client_ip":"198.51.100.7","user":"alice@example.com",
     * "app_password_id":"k3...","label":"scanner","network":"198.51.100.0/24"}</pre>
     */
    public void newSource(NewSourceEvent event) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", TIME.format(clock.instant()));
        line.put("event", "new_source");
        line.put("protocol", event.protocol());
        line.put("client_ip", event.clientIp());
        line.put("user", capped(event.user()));
        line.put("app_password_id", event.appPasswordId());
        line.put("label", event.label());
        line.put("network", event.network());
        write(line);
    }

    /**
     * A change made through the admin REST API (event {@code account_change}; no {@code outcome} field):
     * <pre>{"time":"...","event":"account_change","actor":"api_token:provisioning","actor_id":"k3...",
     * "client_ip":"192.0.2.7","action":"app_password_created","user":"alice@example.com","app_password_id":"t6..."}</pre>
     */
    public void accountChange(AccountChangeEvent event) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", TIME.format(clock.instant()));
        line.put("event", "account_change");
        line.put("actor", event.actor());
        line.put("actor_id", event.actorId());
        line.put("client_ip", event.clientIp());
        line.put("action", event.action());
        line.put("user", capped(event.user()));
        line.put("app_password_id", event.appPasswordId());
        write(line);
    }

    /**
     * A sign-in to the self-service portal, a refused one, or a sign-out (event {@code portal_sign_in};
     * a {@code result} field, never {@code outcome}, so fail2ban's login filter does not count it):
     * <pre>{"time":"...","event":"portal_sign_in","client_ip":"192.0.2.7","user":"alice@example.com",
     * "result":"signed_in","reason":null}</pre>
     */
    public void portalSignIn(PortalSignInEvent event) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", TIME.format(clock.instant()));
        line.put("event", "portal_sign_in");
        line.put("client_ip", event.clientIp());
        line.put("user", capped(event.user()));
        line.put("result", event.result());
        line.put("reason", event.reason());
        write(line);
    }

    private static void write(Map<String, Object> line) {
        try {
            LOG.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warn("could not write an audit line: {}", e.getMessage());
        }
    }

    private static String capped(String user) {
        if (user == null) {
            return null;
        }
        return user.length() <= MAX_USER ? user : user.substring(0, MAX_USER) + "...";
    }
}
