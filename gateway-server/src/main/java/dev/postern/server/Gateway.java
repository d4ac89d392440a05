package dev.postern.server;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.account.AccountService;
import dev.postern.core.auth.BoundedPool;
import dev.postern.core.auth.CachingVerifier;
import dev.postern.core.auth.VerifierSettings;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.config.HostPort;
import dev.postern.core.config.ListenerConfig;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.config.ProtocolConfig;
import dev.postern.core.config.TlsConfig;
import dev.postern.core.config.UpstreamAuthConfig;
import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.GatewayServer;
import dev.postern.core.ingress.ListenAddress;
import dev.postern.core.ingress.ListenerIngress;
import dev.postern.core.ingress.Transport;
import dev.postern.core.notify.Webhook;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.LoginWatch;
import dev.postern.core.observe.ThrottleAction;
import dev.postern.core.protocol.ClientInitializer;
import dev.postern.core.protocol.Protocol;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.protocol.RunningProtocol;
import dev.postern.core.relay.SendQuota;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.session.RevocationWatch;
import dev.postern.core.session.SessionRegistry;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.Scope;
import dev.postern.core.tls.CertificateReloader;
import dev.postern.core.tls.ReloadableServerTls;
import dev.postern.core.tls.TlsProviders;
import dev.postern.core.upstream.StoredCredentials;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.WarmUpstreams;
import dev.postern.core.upstream.oauth2.BearerTokens;
import dev.postern.core.upstream.oauth2.UserConsents;
import dev.postern.core.usage.ActivityRecorder;
import dev.postern.core.usage.NewSourceAlerts;
import dev.postern.core.usage.StoreSendQuota;
import dev.postern.server.api.AdminApi;
import dev.postern.server.http.Observability;
import dev.postern.server.http.PortalInitializer;
import dev.postern.server.portal.PortalPages;
import dev.postern.server.setup.MailClientSetup;
import dev.postern.server.views.MailServer;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: store, worker pools, verifier, TLS, one event loop group and the listeners
 * of every configured front. Built from a validated {@link GatewayConfig}. {@link #shutdown(Duration)}
 * stops it the polite way (stop accepting, goodbye before login, drain, close); {@link #close()}
 * stops it at once, in reverse order. The certificate is re-read on {@link #reloadCertificate()}
 * (SIGHUP) and when its files change.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** How often the certificate files are compared with what was last loaded. */
    public static final Duration CERTIFICATE_CHECK_INTERVAL = Duration.ofSeconds(10);
    /** How long the last step of a shutdown waits for closed connections to finish closing. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** Token requests wait on the network, not the CPU; logins beyond the queue get the temporary refusal. */
    private static final int TOKEN_POOL_THREADS = 4;
    private static final int TOKEN_POOL_QUEUE = 256;
    private static final int PORTAL_POOL_THREADS = 8;
    private static final int PORTAL_POOL_QUEUE = 256;

    private final CredentialStore store;
    private final ThreadPoolExecutor hashPool;
    private final ThreadPoolExecutor storePool;
    private ThreadPoolExecutor tokenPool;
    /** The self-service pages' work (store, hashing, HTTP to the identity provider); only with portal.oidc. */
    private ThreadPoolExecutor portalPool;
    /** Built once and shared by every protocol: one token cache, one refresh per token. */
    private UpstreamCredentials upstreamCredentials;
    /** With the refresh-token grant: told when a user connects anew, so that no held refusal outlives it. */
    private volatile BearerTokens userTokens;
    private final CachingVerifier verifier;
    private final PasswordHashes hashes;
    private final EventLoopGroup group;
    private final GatewayServer server;
    private final AbuseDefences defences;
    private final Map<String, List<InetSocketAddress>> addresses = new LinkedHashMap<>();
    private final List<RunningProtocol> started = new ArrayList<>();
    private final List<UpstreamConnector> connectors = new ArrayList<>();
    private final Observability observability = new Observability();
    private volatile boolean serving;
    private InetSocketAddress adminAddress;
    private InetSocketAddress portalAddress;
    private SendQuota sendQuota;
    private LoginWatch logins;
    private Webhook webhook;

    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final Duration shutdownGracePeriod;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch shutdownDone = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private SessionRegistry liveSessions;
    private RevocationWatch revocations;
    private CertificateReloader certificates;
    private ScheduledExecutorService certificateWatch;

    private Gateway(GatewayConfig config, Supplier<SessionListener> sessions) {
        shutdownGracePeriod = config.shutdownGracePeriod();
        store = StoreFactory.open(config.store());
        try {
            hashes = Components.passwordHashes(config);
            hashPool = BoundedPool.create("hash", config.auth().hashPool().threads(), config.auth().hashPool().queue());
            storePool = BoundedPool.create("store", config.auth().storePool().threads(), config.auth().storePool().queue());
            VerifierSettings settings = new VerifierSettings(config.auth().cache().maxEntries(),
                    config.auth().cache().expireAfter(), config.auth().cache().stateRefresh(),
                    VerifierSettings.DEFAULT_MAX_PASSWORD);
            verifier = new CachingVerifier(store, hashes::verify, hashes::dummyHash, hashPool, storePool, settings,
                    Ticker.systemTicker(), InstantSource.system(), observability.metrics().verificationObserver());
            observability.watchWorkers(verifier, hashPool, storePool);
            Transport transport = Transport.detect();
            LOG.info("transport {}, TLS {}", transport.describe(), TlsProviders.describe(TlsProviders.current()));
            group = transport.newGroup(0);
            server = new GatewayServer(group, transport);
            AuditLog audit = new AuditLog();
            liveSessions = new SessionRegistry(InstantSource.system(), audit);
            revocations = new RevocationWatch(liveSessions, store::states, StoreFactory.revision(store),
                    verifier::invalidateUser, verifier::forgetUserStates);
            revocations.start(RevocationWatch.PERIOD);
            sendQuota = new StoreSendQuota(store, storePool, InstantSource.system(), observability.metrics());
            webhook = Webhook.of(config.notifications(), observability.metrics()).orElse(null);
            logins = new NewSourceAlerts(store, storePool, InstantSource.system(), audit, observability.metrics(),
                    Optional.ofNullable(webhook));
            Duration retention = config.store().activityRetention();
            if (!retention.isZero()) {
                logins = LoginWatch.both(logins, new ActivityRecorder(store, storePool, InstantSource.system(), retention));
            }
            defences = new AbuseDefences(config, Ticker.systemTicker(), (protocol, action) -> {
                ThrottleAction counted = ThrottleAction.fromObserver(action);
                if (counted != null) {
                    observability.metrics().throttled(protocol, counted);
                }
            });
            ReloadableServerTls serverTls = config.tls() == null ? null
                    : new ReloadableServerTls(config.tls().certificate(), config.tls().privateKey());
            if (serverTls != null) {
                observability.watchCertificate(config.tls().certificate(), serverTls);
                watchCertificate(config, serverTls);
            }
            for (Protocol protocol : Protocols.ALL) {
                ProtocolConfig front = config.protocol(protocol.name());
                if (front != null) {
                    startProtocol(protocol, front, config, transport, serverTls, audit, sessions);
                }
            }
            serving = true;
            adminAddress = observability.startAdmin(server, config.admin(), () -> serving, store, storePool);
            if (config.portal() != null) {
                portalAddress = startPortal(config, serverTls, audit);
            }
            LOG.info("Postern started: store {}, transport {}, hash pool {} threads", StoreFactory.describe(config.store()),
                    transport.name(), config.auth().hashPool().threads());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts every configured front; throws with a message naming the problem if any part fails. */
    public static Gateway start(GatewayConfig config) {
        return start(config, () -> SessionListener.NONE);
    }

    /**
     * As {@link #start(GatewayConfig)}, with {@code sessions} giving each relayed session its
     * listener (bytes per direction, why it ended), e.g. for metrics or tests.
     */
    public static Gateway start(GatewayConfig config, Supplier<SessionListener> sessions) {
        return new Gateway(config, Objects.requireNonNull(sessions, "sessions"));
    }

    /**
     * Starts one protocol: its upstream connector (with the protocol's login dialogue, metrics and
     * readiness probe), what its connections share, and a listener per configured address.
     */
    private void startProtocol(Protocol protocol, ProtocolConfig config, GatewayConfig gateway, Transport transport,
                               ReloadableServerTls serverTls, AuditLog audit, Supplier<SessionListener> sessions) {
        String name = protocol.name();
        if (config.upstream().isInsecure()) {
            LOG.warn("{}.upstream {}: trust is insecure; its certificate is NOT checked (allowed only on loopback)",
                    name, config.upstream().address());
        }
        UpstreamEndpoint endpoint = Components.endpoint(config.upstream());
        WarmUpstreams warm = config.upstream().warmConnections() == 0 ? null
                : new WarmUpstreams(transport, endpoint, config.upstream().warmConnections(), WarmUpstreams.DEFAULT_MAX_AGE);
        UpstreamConnector connector = new UpstreamConnector(transport, endpoint,
                protocol.upstreamLogin(config), observability.metrics().upstreamObserver(name), warm);
        connectors.add(connector);
        observability.metrics().prepare(name);
        observability.watchUpstream(name, connector.endpoint(), transport, group);
        Duration handshakeTimeout = gateway.tls() == null ? TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT
                : gateway.tls().handshakeTimeout();
        if (upstreamCredentials == null) {
            upstreamCredentials = upstreamCredentials(gateway);
        }
        ProtocolContext context = new ProtocolContext(verifier, connector, upstreamCredentials,
                () -> serverTls.current(), handshakeTimeout, gateway.auth().failureDelay(), audit,
                () -> SessionListener.both(observability.metrics().sessionListener(name), sessions.get()),
                observability.metrics(), defences.throttle(), group,
                liveSessions.forProtocol(name, protocol.revoked(config)), sendQuota, logins);
        RunningProtocol running = protocol.start(config, context);
        started.add(running);
        List<InetSocketAddress> bound = addresses.computeIfAbsent(name, key -> new ArrayList<>());
        for (ListenerConfig listener : config.listeners()) {
            ListenerIngress ingress = defences.ingress(listener, name, protocol.tooManyConnections(config));
            bound.add(server.bind(name + " " + listener.tls().wireName(), listenAddress(listener),
                    new ClientInitializer(name, listener, running, context, connections, ingress)));
        }
    }

    private static ListenAddress listenAddress(ListenerConfig listener) {
        return new ListenAddress(listener.address().host(), listener.address().port(), listener.dualStack());
    }

    private void watchCertificate(GatewayConfig config, ReloadableServerTls serverTls) {
        certificates = new CertificateReloader(serverTls, config.tls().certificate(), config.tls().privateKey());
        certificateWatch = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "postern-tls-watch");
            thread.setDaemon(true);
            return thread;
        });
        long every = CERTIFICATE_CHECK_INTERVAL.toMillis();
        certificateWatch.scheduleWithFixedDelay(this::checkCertificateFiles, every, every, TimeUnit.MILLISECONDS);
    }

    private UpstreamCredentials upstreamCredentials(GatewayConfig config) {
        UpstreamAuthConfig auth = config.upstreamAuth();
        switch (auth.mode()) {
            case MASTER_USER:
                return UpstreamCredentials.masterUser(auth.masterUser(), auth.masterPassword().reveal());
            case STORED_CREDENTIAL:
                return new StoredCredentials(store, SecretSealer.fromKeyFile(auth.keyFile()), storePool);
            default:
                tokenPool = BoundedPool.create("oauth2", TOKEN_POOL_THREADS, TOKEN_POOL_QUEUE);
                if (!auth.oauth2().perUserConsent()) {
                    return BearerTokens.from(auth.oauth2(), tokenPool, InstantSource.system());
                }
                UserConsents consents = new UserConsents(store, accounts(), SecretSealer.fromKeyFile(auth.keyFile()),
                        storePool);
                userTokens = BearerTokens.from(auth.oauth2(), tokenPool, InstantSource.system(), consents);
                return userTokens;
        }
    }

    /**
     * The bound addresses of protocol {@code name} ({@code imap}, {@code smtp}), in configuration
     * order (useful when a port was 0); empty when it is not configured.
     */
    public List<InetSocketAddress> addresses(String name) {
        return List.copyOf(addresses.getOrDefault(name, List.of()));
    }

    /** Where the portal listener listens; null without a {@code portal} section. */
    public InetSocketAddress portalAddress() {
        return portalAddress;
    }

    private InetSocketAddress startPortal(GatewayConfig config, ReloadableServerTls serverTls, AuditLog audit) {
        UpstreamAuthConfig auth = config.upstreamAuth();
        boolean consents = auth != null && auth.oauth2() != null && auth.oauth2().perUserConsent();
        AdminApi api = new AdminApi(store, this::accounts, audit, InstantSource.system(), consents);
        PortalPages pages = null;
        if (config.portal().oidc() != null) {
            portalPool = BoundedPool.create("portal", PORTAL_POOL_THREADS, PORTAL_POOL_QUEUE);
            pages = new PortalPages(config.portal(), store, this::accounts, audit, InstantSource.system(),
                    () -> mailServers(config), offeredScopes(config), auth, observability.registry());
        }
        HostPort address = config.portal().address();
        return server.bind("portal https", new ListenAddress(address.host(), address.port(), false),
                new PortalInitializer(serverTls::current, config.portal(), api, storePool, pages, portalPool,
                        new MailClientSetup(() -> mailServers(config), config.portal().publicUrl().getHost()),
                        observability.registry()));
    }

    /** What the portal tells a mail app: each protocol's host name with its TLS listeners' bound ports. */
    private List<MailServer> mailServers(GatewayConfig config) {
        List<MailServer> servers = new ArrayList<>();
        for (Protocol protocol : Protocols.ALL) {
            ProtocolConfig front = config.protocol(protocol.name());
            List<InetSocketAddress> bound = addresses(protocol.name());
            if (front == null || bound.size() != front.listeners().size()) {
                continue;
            }
            for (int i = 0; i < bound.size(); i++) {
                ListenerConfig listener = front.listeners().get(i);
                if (listener.tls() == ListenerTls.NONE) {
                    continue;
                }
                servers.add(new MailServer(protocol.name().toUpperCase(Locale.ROOT), front.hostName(),
                        bound.get(i).getPort(), listener.tls() == ListenerTls.IMPLICIT ? "SSL/TLS" : "STARTTLS"));
            }
        }
        return servers;
    }

    /** The scopes of the configured protocols (IMAP's read-only one with IMAP). */
    private static Set<Scope> offeredScopes(GatewayConfig config) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Protocol protocol : Protocols.ALL) {
            if (config.protocol(protocol.name()) != null) {
                scopes.add(protocol.scope());
                if (protocol.scope() == Scope.IMAP) {
                    scopes.add(Scope.IMAP_READ);
                }
            }
        }
        return scopes;
    }

    /** The bound admin HTTP address (metrics, health), useful when its port was 0. */
    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    /** Probes every upstream now instead of waiting for the next scheduled probe. */
    public CompletableFuture<Void> probeUpstreamsNow() {
        return observability.probeUpstreamsNow();
    }

    /**
     * Changes accounts in this process's store and, at once, drops what the verifier cached for the
     * user (a revocation made here refuses that app password's next login), re-checks the user's
     * live sessions (a revoked app password's sessions are closed) and, with the refresh-token
     * grant, drops the user's cached token and held refusal (a consent given here is used at the
     * next login).
     */
    public AccountService accounts() {
        return new AccountService(store, hashes, new SecureRandom(), InstantSource.system(), this::accountChanged);
    }

    private void accountChanged(String user) {
        verifier.invalidateUser(user);
        revocations.userChanged(user);
        BearerTokens tokens = userTokens;
        if (tokens != null) {
            tokens.forget(user);
        }
    }

    /** The relayed sessions, by the app password they logged in with. */
    public SessionRegistry sessions() {
        return liveSessions;
    }

    public CachingVerifier verifier() {
        return verifier;
    }

    public CredentialStore store() {
        return store;
    }

    /** The open client connections; every front registers its channels here. */
    public ConnectionRegistry connections() {
        return connections;
    }

    /**
     * Re-reads the certificate and key now (SIGHUP). A pair that cannot be served is refused with
     * a log line and the previous one stays in use; open sessions are never touched.
     */
    public CertificateReloader.Outcome reloadCertificate() {
        return certificates == null ? CertificateReloader.Outcome.UNCHANGED : certificates.reload("reload requested");
    }

    /** Reloads the certificate if its files changed since the last attempt (what the periodic check does). */
    public CertificateReloader.Outcome checkCertificateFiles() {
        return certificates == null ? CertificateReloader.Outcome.UNCHANGED : certificates.checkForChange();
    }

    /** {@link #shutdown(Duration)} with the configured {@code shutdown-grace-period}. */
    public void shutdown() {
        shutdown(shutdownGracePeriod);
    }

    /**
     * Stops politely and returns when done: closes the listeners, tells every client still before
     * login goodbye, lets relayed sessions go on for up to {@code grace}, closes what is left
     * (sessions end with cause {@code SHUTDOWN}), then releases everything. A second call waits for the first.
     */
    public void shutdown(Duration grace) {
        CompletableFuture<Void> graceOver = new CompletableFuture<>();
        graceOver.completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS);
        shutdown(graceOver);
    }

    /** As {@link #shutdown(Duration)}, the grace period ending when {@code graceOver} completes. */
    public void shutdown(CompletionStage<?> graceOver) {
        if (!shutdownStarted.compareAndSet(false, true)) {
            try {
                shutdownDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            server.close();
            LOG.info("stopping: listeners closed, {} connection(s) open; relayed sessions may finish", connections.size());
            connections.beginShutdown();
            int left = connections.awaitDrained(graceOver);
            if (left > 0) {
                LOG.info("stopping: grace period over, closing {} session(s)", left);
                connections.closeRemaining(CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            LOG.info("Postern stopped");
            shutdownDone.countDown();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (certificateWatch != null) {
            certificateWatch.shutdownNow();
        }
        serving = false;
        if (revocations != null) {
            revocations.close();
        }
        if (server != null) {
            server.close();
        }
        started.forEach(RunningProtocol::close);
        connectors.forEach(connector -> connector.closeWarm(Duration.ofSeconds(1)));
        if (webhook != null) {
            webhook.close();
        }
        observability.close();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (hashPool != null) {
            hashPool.shutdownNow();
        }
        if (portalPool != null) {
            portalPool.shutdownNow();
        }
        if (tokenPool != null) {
            tokenPool.shutdownNow();
        }
        if (storePool != null) {
            storePool.shutdown();
            try {
                storePool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        store.close();
    }
}
