package dev.postern.core.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON object per line per login attempt, on the logger {@value #LOGGER} (its own
 * appender in the shipped Logback configuration). Field names and outcome words are stable so that
 * fail2ban and log pipelines can match them:
 * <pre>{"time":"…","event":"login","protocol":"imap","listener":"0.0.0.0:993","client_ip":"192.0.2.7",
 * "user":"alice@example.com","mechanism":"plain","outcome":"rejected","reason":"wrong_password",
 * "app_password_id":null,"check_ms":212,"upstream_ms":0}</pre>
 */
public final class AuditLog {

    public static final String LOGGER = "postern.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void login(LoginEvent event) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
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

    private static String capped(String user) {
        if (user == null) {
            return null;
        }
        return user.length() <= 256 ? user : user.substring(0, 256) + "...";
    }
}
