package dev.postern.core.observe;

import dev.postern.core.auth.RejectReason;
import dev.postern.core.upstream.UpstreamFailure;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place where Postern's metric names, label keys and bounded label values are defined.
 * Names are Micrometer's dotted form; the Prometheus registry renders {@code postern.login.attempts}
 * (a counter) as {@code postern_login_attempts_total} and a timer as {@code ..._seconds_bucket/_count/_sum}.
 *
 * <p>Label values are always from a small closed set (or from the configuration, like a listener's
 * address): never a user name, a client address or an app-password id. A value outside its set is
 * reported as {@value #OTHER}.
 */
public final class Meters {

    public static final String CONNECTIONS_OPENED = "postern.connections.opened";
    public static final String CONNECTIONS_ACTIVE = "postern.connections.active";
    public static final String TLS_HANDSHAKE_FAILURES = "postern.tls.handshake.failures";
    public static final String TLS_CERTIFICATE_EXPIRY = "postern.tls.certificate.expiry";
    public static final String LOGIN_ATTEMPTS = "postern.login.attempts";
    public static final String LOGIN_REJECTIONS = "postern.login.rejections";
    public static final String LOGIN_UNAVAILABLE = "postern.login.unavailable";
    public static final String LOGIN_DURATION = "postern.login.duration";
    public static final String VERIFY_CACHE_HITS = "postern.verify.cache.hits";
    public static final String VERIFY_CACHE_MISSES = "postern.verify.cache.misses";
    public static final String VERIFY_CACHE_EVICTIONS = "postern.verify.cache.evictions";
    public static final String VERIFY_CACHE_SIZE = "postern.verify.cache.size";
    public static final String POOL_QUEUE_DEPTH = "postern.pool.queue.depth";
    public static final String POOL_ACTIVE_THREADS = "postern.pool.active.threads";
    public static final String POOL_REJECTIONS = "postern.pool.rejections";
    public static final String UPSTREAM_CONNECT_DURATION = "postern.upstream.connect.duration";
    public static final String UPSTREAM_LOGIN_DURATION = "postern.upstream.login.duration";
    public static final String UPSTREAM_FAILURES = "postern.upstream.failures";
    public static final String UPSTREAM_UP = "postern.upstream.up";
    public static final String RELAY_BYTES = "postern.relay.bytes";
    public static final String SESSIONS_ACTIVE = "postern.sessions.active";
    public static final String SESSIONS_CLOSED = "postern.sessions.closed";
    public static final String THROTTLE_ACTIONS = "postern.throttle.actions";
    public static final String ALLOCATOR_USED = "postern.netty.allocator.used";
    public static final String ADMIN_CONNECTIONS_REFUSED = "postern.admin.connections.refused";
    public static final String PORTAL_CONNECTIONS_REFUSED = "postern.portal.connections.refused";
    public static final String SEND_QUOTA_REACHED = "postern.send.quota.reached";
    public static final String NEW_SOURCES = "postern.new.sources";
    public static final String NOTIFICATIONS = "postern.notifications";
    public static final String PORTAL_SIGN_INS = "postern.portal.sign.ins";
    public static final String PORTAL_ACTIONS = "postern.portal.actions";

    public static final String PROTOCOL = "protocol";
    public static final String LISTENER = "listener";
    public static final String REASON = "reason";
    public static final String OUTCOME = "outcome";
    public static final String PHASE = "phase";
    public static final String POOL = "pool";
    public static final String DIRECTION = "direction";
    public static final String CAUSE = "cause";
    public static final String ACTION = "action";
    public static final String CERTIFICATE = "certificate";
    public static final String AREA = "area";

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(CONNECTIONS_OPENED, "Client connections accepted"),
            Map.entry(CONNECTIONS_ACTIVE, "Client connections open now"),
            Map.entry(TLS_HANDSHAKE_FAILURES, "Client TLS handshakes that failed, by category"),
            Map.entry(TLS_CERTIFICATE_EXPIRY, "Seconds until the served certificate expires"),
            Map.entry(LOGIN_ATTEMPTS, "Login attempts by outcome"),
            Map.entry(LOGIN_REJECTIONS, "Refused logins by reason"),
            Map.entry(LOGIN_UNAVAILABLE, "Logins that could not be completed (store, pools, upstream), by reason"),
            Map.entry(LOGIN_DURATION, "Login latency by phase: hot-cache check, hash check, upstream connect and login"),
            Map.entry(VERIFY_CACHE_HITS, "Hot-cache look-ups that found an entry"),
            Map.entry(VERIFY_CACHE_MISSES, "Hot-cache look-ups that found nothing"),
            Map.entry(VERIFY_CACHE_EVICTIONS, "Hot-cache entries evicted by size or age"),
            Map.entry(VERIFY_CACHE_SIZE, "Entries in the hot cache (estimate)"),
            Map.entry(POOL_QUEUE_DEPTH, "Tasks waiting in a worker pool's queue"),
            Map.entry(POOL_ACTIVE_THREADS, "Threads of a worker pool busy with a task"),
            Map.entry(POOL_REJECTIONS, "Tasks refused because a worker pool's queue was full"),
            Map.entry(UPSTREAM_CONNECT_DURATION, "Time to open the TCP connection to the upstream"),
            Map.entry(UPSTREAM_LOGIN_DURATION, "Time from the upstream connection to a logged-in session"),
            Map.entry(UPSTREAM_FAILURES, "Upstream legs that failed, by kind"),
            Map.entry(UPSTREAM_UP, "Whether the upstream was reachable at its last probe"),
            Map.entry(RELAY_BYTES, "Bytes relayed after login, by direction"),
            Map.entry(SESSIONS_ACTIVE, "Relayed sessions open now"),
            Map.entry(SESSIONS_CLOSED, "Relayed sessions ended, by cause"),
            Map.entry(THROTTLE_ACTIONS, "Actions taken to slow down or stop a client"),
            Map.entry(ALLOCATOR_USED, "Memory used by Netty's buffer allocator"),
            Map.entry(ADMIN_CONNECTIONS_REFUSED, "Admin HTTP connections closed because admin.max-connections were open"),
            Map.entry(PORTAL_CONNECTIONS_REFUSED, "Portal HTTPS connections closed because portal.max-connections were open"),
            Map.entry(SEND_QUOTA_REACHED, "Messages refused because their app password reached its daily quota"),
            Map.entry(NEW_SOURCES, "Logins of an app password from a network it was never used from"),
            Map.entry(PORTAL_SIGN_INS, "Portal sign-ins by result: signed_in, refused, signed_out"),
            Map.entry(PORTAL_ACTIONS, "What signed-in users did on the portal"),
            Map.entry(NOTIFICATIONS, "Webhook notifications by outcome: delivered, retried, failed after every try,"
                    + " dropped because the queue was full"));

    /** The label value for anything outside a closed set. */
    public static final String OTHER = "other";

    /** Refusal reasons: every {@link RejectReason} label, and a client-chosen authzid that is not the user. */
    public static final Set<String> REJECT_REASONS;
    /** Reasons a login could not be decided or completed (store, pools, upstream). */
    public static final Set<String> UNAVAILABLE_REASONS;

    static {
        Set<String> rejected = new LinkedHashSet<>();
        for (RejectReason reason : RejectReason.values()) {
            rejected.add(reason.label());
        }
        rejected.add("authzid_mismatch");
        REJECT_REASONS = Set.copyOf(rejected);
        Set<String> unavailable = new LinkedHashSet<>(Set.of("store_unavailable", "store_pool_saturated",
                "hash_pool_saturated", "hash_verification_failed", "verifier_failed"));
        for (UpstreamFailure.Kind kind : UpstreamFailure.Kind.values()) {
            unavailable.add("upstream_" + kind.label());
        }
        UNAVAILABLE_REASONS = Set.copyOf(unavailable);
    }

    private Meters() {
    }

    /** The help text of a metric defined here. */
    public static String description(String name) {
        return DESCRIPTIONS.getOrDefault(name, "");
    }

    /**
     * {@code value} as a label if it belongs to {@code allowed} once lower-cased with spaces and dashes
     * as underscores (so {@code "store unavailable"} reads {@code store_unavailable}); otherwise {@value #OTHER}.
     */
    public static String bounded(String value, Set<String> allowed) {
        if (value == null) {
            return OTHER;
        }
        String label = value.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        return allowed.contains(label) ? label : OTHER;
    }
}
