package dev.postern.core.usage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.postern.core.auth.AuthResult;
import dev.postern.core.net.AddressGroups;
import dev.postern.core.notify.Webhook;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.observe.LoginWatch;
import dev.postern.core.observe.NewSourceEvent;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices the first login of an app password from a network it was never used from (an IPv4 /24, an
 * IPv6 /64): the store remembers every network each app password logged in from, so the first use
 * anywhere — on any gateway of the store — counts once. Such a login writes an audit line
 * {@code new_source}, counts in a metric and, with a webhook configured, POSTs an event (never a
 * secret). What this gateway saw lately is remembered in memory, so a login from a known network
 * costs no store work; the store write runs on the store pool.
 */
public final class NewSourceAlerts implements LoginWatch {

    /** The webhook's event name, also the audit line's {@code event}. */
    public static final String EVENT = "new_source";
    static final int REMEMBERED = 100_000;
    static final Duration REMEMBERED_FOR = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(NewSourceAlerts.class);

    private final CredentialStore store;
    private final Executor storePool;
    private final InstantSource clock;
    private final AuditLog audit;
    private final GatewayMetrics metrics;
    private final Optional<Webhook> webhook;
    private final Cache<String, Boolean> seen = Caffeine.newBuilder().maximumSize(REMEMBERED)
            .expireAfterWrite(REMEMBERED_FOR).build();

    public NewSourceAlerts(CredentialStore store, Executor storePool, InstantSource clock, AuditLog audit,
                           GatewayMetrics metrics, Optional<Webhook> webhook) {
        this.store = Objects.requireNonNull(store, "store");
        this.storePool = Objects.requireNonNull(storePool, "storePool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
    }

    @Override
    public void loggedIn(String protocol, AuthResult.Success login, InetAddress client) {
        String network = AddressGroups.sourceNetwork(client);
        String key = login.appPasswordId() + ' ' + network;
        if (seen.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        Instant at = clock.instant();
        try {
            storePool.execute(() -> record(protocol, login, client, network, key, at));
        } catch (RejectedExecutionException e) {
            seen.invalidate(key); // the next login from there tries again
            LOG.warn("the source of a login of app password {} could not be recorded: the store pool is full",
                    login.appPasswordId());
        }
    }

    private void record(String protocol, AuthResult.Success login, InetAddress client, String network, String key,
                        Instant at) {
        boolean first;
        String label;
        try {
            first = store.recordSource(login.appPasswordId(), network, at);
            label = first ? store.findAppPassword(login.appPasswordId()).map(AppPasswordRecord::label).orElse(null) : null;
        } catch (RuntimeException e) {
            seen.invalidate(key);
            LOG.warn("the source of a login of app password {} could not be recorded: {}", login.appPasswordId(),
                    e.getMessage());
            return;
        }
        if (!first) {
            return;
        }
        metrics.newSource(protocol);
        audit.newSource(new NewSourceEvent(protocol, client.getHostAddress(), login.user(), login.appPasswordId(), label,
                network));
        webhook.ifPresent(hook -> hook.send(EVENT, event(protocol, login, client, network, label, at)));
    }

    private static Map<String, Object> event(String protocol, AuthResult.Success login, InetAddress client,
                                             String network, String label, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", EVENT);
        event.put("time", at.toString());
        event.put("user", login.user());
        event.put("app_password_id", login.appPasswordId());
        event.put("app_password_label", label);
        event.put("protocol", protocol);
        event.put("client_ip", client.getHostAddress());
        event.put("network", network);
        return event;
    }
}
