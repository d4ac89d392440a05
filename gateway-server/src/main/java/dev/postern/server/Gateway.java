package dev.postern.server;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.auth.BoundedPool;
import dev.postern.core.auth.CachingVerifier;
import dev.postern.core.auth.VerifierSettings;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.config.ListenerConfig;
import dev.postern.core.config.ProtocolConfig;
import dev.postern.core.config.SmtpProbeConfig;
import dev.postern.core.config.UpstreamAuthConfig;
import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.GatewayServer;
import dev.postern.core.ingress.ListenAddress;
import dev.postern.core.ingress.Transport;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.ThrottleAction;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.tls.CertificateReloader;
import dev.postern.core.tls.ReloadableServerTls;
import dev.postern.core.tls.TlsProviders;
import dev.postern.core.upstream.StoredCredentials;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.imap.ImapInitializer;
import dev.postern.imap.front.ImapFrontHandler;
import dev.postern.imap.front.ImapFrontSettings;
import dev.postern.imap.front.ImapService;
import dev.postern.imap.upstream.ImapUpstreamLogin;
import dev.postern.server.http.Observability;
import dev.postern.smtp.SmtpInitializer;
import dev.postern.smtp.front.SmtpFrontHandler;
import dev.postern.smtp.front.SmtpFrontSettings;
import dev.postern.smtp.front.SmtpService;
import dev.postern.smtp.upstream.SmtpUpstreamLogin;
import dev.postern.smtp.upstream.UpstreamExtensions;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

    private final CredentialStore store;
    private final ThreadPoolExecutor hashPool;
    private final ThreadPoolExecutor storePool;
    private final CachingVerifier verifier;
    private final EventLoopGroup group;
    private final GatewayServer server;
    private final AbuseDefences defences;
    private final List<InetSocketAddress> imapAddresses = new ArrayList<>();
    private final List<InetSocketAddress> smtpAddresses = new ArrayList<>();
    private UpstreamExtensions smtpExtensions;
    private final Observability observability = new Observability();
    private volatile boolean serving;
    private InetSocketAddress adminAddress;

    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final Duration shutdownGracePeriod;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch shutdownDone = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private CertificateReloader certificates;
    private ScheduledExecutorService certificateWatch;

    private Gateway(GatewayConfig config, Supplier<SessionListener> sessions) {
        shutdownGracePeriod = config.shutdownGracePeriod();
        store = SqliteStore.open(config.store().sqlite());
        try {
            PasswordHashes hashes = Components.passwordHashes(config);
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
            if (config.imap() != null) {
                startImap(config, config.imap(), transport, serverTls, audit, sessions);
            }
            if (config.smtp() != null) {
                startSmtp(config, config.smtp(), transport, serverTls, audit, sessions);
            }
            serving = true;
            adminAddress = observability.startAdmin(server, config.admin(), () -> serving, store, storePool);
            LOG.info("Postern started: store {}, transport {}, hash pool {} threads", config.store().sqlite(),
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

    private void startImap(GatewayConfig config, ProtocolConfig imap, Transport transport,
                           ReloadableServerTls serverTls, AuditLog audit, Supplier<SessionListener> sessions) {
        if (imap.upstream().isInsecure()) {
            LOG.warn("imap.upstream {}: trust is insecure; its certificate is NOT checked (allowed only on loopback)",
                    imap.upstream().address());
        }
        UpstreamConnector connector = new UpstreamConnector(transport, Components.endpoint(imap.upstream()),
                (identity, endpoint, promise) -> new ImapUpstreamLogin(identity, endpoint, promise,
                        imap.upstream().forwardClientIp()), observability.metrics().upstreamObserver(ImapService.PROTOCOL));
        observability.metrics().prepare(ImapService.PROTOCOL);
        observability.watchUpstream(ImapService.PROTOCOL, connector.endpoint(), transport, group);
        ImapFrontSettings settings = new ImapFrontSettings(config.auth().failureDelay(), imap.maxBadCommands(),
                imap.maxAuthFailures(), imap.preAuthTimeout(), imap.idleTimeout(), ImapFrontSettings.DEFAULT_MAX_LINE,
                config.tls() == null ? ImapFrontSettings.defaults().tlsHandshakeTimeout() : config.tls().handshakeTimeout());
        ImapService service = new ImapService(verifier, connector, upstreamCredentials(config),
                () -> serverTls.current(), settings, audit,
                () -> SessionListener.both(observability.metrics().sessionListener(ImapService.PROTOCOL), sessions.get()),
                observability.metrics(), defences.throttle());
        for (ListenerConfig listener : imap.listeners()) {
            ImapFrontHandler.ListenerSecurity security = switch (listener.tls()) {
                case IMPLICIT -> ImapFrontHandler.ListenerSecurity.IMPLICIT;
                case STARTTLS -> ImapFrontHandler.ListenerSecurity.STARTTLS;
                case NONE -> ImapFrontHandler.ListenerSecurity.NONE;
            };
            String name = listener.address().toString();
            imapAddresses.add(server.bind("imap " + listener.tls().wireName(),
                    listenAddress(listener),
                    new ImapInitializer(service, security, name, connections, defences.imap(listener))));
        }
    }

    private void startSmtp(GatewayConfig config, ProtocolConfig smtp, Transport transport,
                           ReloadableServerTls serverTls, AuditLog audit, Supplier<SessionListener> sessions) {
        SmtpFrontSettings settings = new SmtpFrontSettings(smtp.hostName(), config.auth().failureDelay(),
                smtp.maxBadCommands(), smtp.maxAuthFailures(), smtp.preAuthTimeout(), smtp.idleTimeout(),
                SmtpFrontSettings.DEFAULT_MAX_LINE, config.tls() == null
                        ? SmtpFrontSettings.defaults(smtp.hostName()).tlsHandshakeTimeout() : config.tls().handshakeTimeout());
        if (smtp.upstream().isInsecure()) {
            LOG.warn("smtp.upstream {}: trust is insecure; its certificate is NOT checked (allowed only on loopback)",
                    smtp.upstream().address());
        }
        UpstreamConnector connector = new UpstreamConnector(transport, Components.endpoint(smtp.upstream()),
                (identity, endpoint, promise) -> new SmtpUpstreamLogin(identity, endpoint, promise,
                        SmtpUpstreamLogin.Purpose.LOGIN, smtp.hostName(), smtp.upstream().forwardClientIp()),
                observability.metrics().upstreamObserver(SmtpService.PROTOCOL));
        observability.metrics().prepare(SmtpService.PROTOCOL);
        observability.watchUpstream(SmtpService.PROTOCOL, connector.endpoint(), transport, group);
        SmtpProbeConfig probe = smtp.upstream().smtpProbe() != null ? smtp.upstream().smtpProbe() : SmtpProbeConfig.defaults();
        smtpExtensions = new UpstreamExtensions(connector, group, smtp.hostName(), probe.fallbackExtensions());
        smtpExtensions.start(probe.probeInterval());
        SmtpService service = new SmtpService(verifier, connector, upstreamCredentials(config), smtpExtensions,
                () -> serverTls.current(), settings, audit,
                () -> SessionListener.both(observability.metrics().sessionListener(SmtpService.PROTOCOL), sessions.get()),
                defences.throttle(), observability.metrics());
        for (ListenerConfig listener : smtp.listeners()) {
            SmtpFrontHandler.ListenerSecurity security = switch (listener.tls()) {
                case IMPLICIT -> SmtpFrontHandler.ListenerSecurity.IMPLICIT;
                case STARTTLS -> SmtpFrontHandler.ListenerSecurity.STARTTLS;
                case NONE -> SmtpFrontHandler.ListenerSecurity.NONE;
            };
            smtpAddresses.add(server.bind("smtp " + listener.tls().wireName(),
                    listenAddress(listener),
                    new SmtpInitializer(service, security, listener.address().toString(), connections,
                            defences.smtp(listener, smtp.hostName()))));
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
        if (auth.mode() == UpstreamAuthConfig.Mode.MASTER_USER) {
            return UpstreamCredentials.masterUser(auth.masterUser(), auth.masterPassword().reveal());
        }
        return new StoredCredentials(store, SecretSealer.fromKeyFile(auth.keyFile()), storePool);
    }

    /** The bound IMAP addresses, in configuration order (useful when a port was 0). */
    public List<InetSocketAddress> imapAddresses() {
        return List.copyOf(imapAddresses);
    }

    /** The bound SMTP addresses, in configuration order (useful when a port was 0). */
    public List<InetSocketAddress> smtpAddresses() {
        return List.copyOf(smtpAddresses);
    }

    /** The bound admin HTTP address (metrics, health), useful when its port was 0. */
    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    /** Probes every upstream now instead of waiting for the next scheduled probe. */
    public CompletableFuture<Void> probeUpstreamsNow() {
        return observability.probeUpstreamsNow();
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
        if (server != null) {
            server.close();
        }
        if (smtpExtensions != null) {
            smtpExtensions.close();
        }
        observability.close();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (hashPool != null) {
            hashPool.shutdownNow();
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
