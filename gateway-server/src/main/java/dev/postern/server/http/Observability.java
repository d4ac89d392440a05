package dev.postern.server.http;

import dev.postern.core.auth.CachingVerifier;
import dev.postern.core.config.AdminConfig;
import dev.postern.core.config.HostPort;
import dev.postern.core.ingress.GatewayServer;
import dev.postern.core.ingress.ListenAddress;
import dev.postern.core.ingress.Transport;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.observe.ResourceMeters;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.tls.ReloadableServerTls;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamProbe;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BooleanSupplier;

/**
 * Everything a running gateway exposes about itself: the Prometheus registry (JVM, Netty allocator
 * and Postern's own meters), the {@link GatewayMetrics} the fronts report to, the upstream probes,
 * and the admin HTTP listener that serves {@code /metrics}, {@code /healthz} and {@code /readyz}.
 */
public final class Observability implements AutoCloseable {

    /** How often each upstream is probed for readiness. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(30);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMetrics metrics = new GatewayMetrics(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<UpstreamProbe> probes = new CopyOnWriteArrayList<>();

    public Observability() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            ResourceMeters.bindAllocator(registry, provider.metric());
        }
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The hot cache's statistics and the two worker pools' queues and rejections. */
    public void watchWorkers(CachingVerifier verifier, ThreadPoolExecutor hashPool, ThreadPoolExecutor storePool) {
        ResourceMeters.bindVerifierCache(registry, verifier.hotCache());
        ResourceMeters.bindPool(registry, "hash", hashPool);
        ResourceMeters.bindPool(registry, "store", storePool);
    }

    /** Days left on the served certificate, labelled with its file name. */
    public void watchCertificate(Path certificateFile, ReloadableServerTls tls) {
        ResourceMeters.bindCertificateExpiry(registry, certificateFile.getFileName().toString(), tls::notAfter,
                InstantSource.system());
    }

    /** Probes one front's upstream every {@link #PROBE_INTERVAL}, starting now; its result feeds readiness. */
    public void watchUpstream(String protocol, UpstreamEndpoint endpoint, Transport transport, EventLoopGroup group) {
        UpstreamProbe probe = new UpstreamProbe(protocol, transport, group, endpoint, InstantSource.system());
        ResourceMeters.bindUpstreamUp(registry, protocol, () -> {
            UpstreamProbe.Status status = probe.last();
            return status != null && status.reachable();
        });
        probes.add(probe);
        probe.start(PROBE_INTERVAL);
    }

    /** Probes every upstream now; completes when all have a fresh result. */
    public CompletableFuture<Void> probeUpstreamsNow() {
        return CompletableFuture.allOf(probes.stream().map(UpstreamProbe::probe).toArray(CompletableFuture[]::new));
    }

    /** Binds the admin HTTP listener; returns the bound address. */
    public InetSocketAddress startAdmin(GatewayServer server, AdminConfig admin, BooleanSupplier listening,
                                        CredentialStore store, Executor storePool) {
        Readiness readiness = new Readiness(listening, store, storePool, () -> List.copyOf(probes));
        HostPort address = admin.address();
        return server.bind("admin http", new ListenAddress(address.host(), address.port(), false),
                new AdminInitializer(registry, readiness, admin));
    }

    /** Stops the probes and releases the JVM meters. */
    @Override
    public void close() {
        probes.forEach(UpstreamProbe::close);
        gc.close();
        registry.close();
    }
}
