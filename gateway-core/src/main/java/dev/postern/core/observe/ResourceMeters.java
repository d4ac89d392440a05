package dev.postern.core.observe;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetric;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Gauges and function counters read from the gateway's resources at scrape time: the hot cache,
 * the worker pools, the served certificates, Netty's allocator and the upstream probe. Names come
 * from {@link Meters}.
 */
public final class ResourceMeters {

    private ResourceMeters() {
    }

    /** Hits, misses and evictions of the verifier's hot cache (it must record stats), and its size. */
    public static void bindVerifierCache(MeterRegistry registry, Cache<?, ?> hot) {
        FunctionCounter.builder(Meters.VERIFY_CACHE_HITS, hot, cache -> cache.stats().hitCount())
                .description(Meters.description(Meters.VERIFY_CACHE_HITS)).register(registry);
        FunctionCounter.builder(Meters.VERIFY_CACHE_MISSES, hot, cache -> cache.stats().missCount())
                .description(Meters.description(Meters.VERIFY_CACHE_MISSES)).register(registry);
        FunctionCounter.builder(Meters.VERIFY_CACHE_EVICTIONS, hot, cache -> cache.stats().evictionCount())
                .description(Meters.description(Meters.VERIFY_CACHE_EVICTIONS)).register(registry);
        Gauge.builder(Meters.VERIFY_CACHE_SIZE, hot, Cache::estimatedSize)
                .description(Meters.description(Meters.VERIFY_CACHE_SIZE))
                .strongReference(true).register(registry);
    }

    /**
     * Queue depth and busy threads of one bounded pool, and its rejections: the pool's rejection
     * handler is wrapped so that every refused task is counted, then refused as before.
     */
    public static void bindPool(MeterRegistry registry, String name, ThreadPoolExecutor pool) {
        Gauge.builder(Meters.POOL_QUEUE_DEPTH, pool, p -> p.getQueue().size())
                .tag(Meters.POOL, name).description(Meters.description(Meters.POOL_QUEUE_DEPTH))
                .strongReference(true).register(registry);
        Gauge.builder(Meters.POOL_ACTIVE_THREADS, pool, ThreadPoolExecutor::getActiveCount)
                .tag(Meters.POOL, name).description(Meters.description(Meters.POOL_ACTIVE_THREADS))
                .strongReference(true).register(registry);
        Counter rejections = Counter.builder(Meters.POOL_REJECTIONS).tag(Meters.POOL, name)
                .description(Meters.description(Meters.POOL_REJECTIONS)).register(registry);
        RejectedExecutionHandler refuse = pool.getRejectedExecutionHandler();
        pool.setRejectedExecutionHandler((task, executor) -> {
            if (!executor.isShutdown()) {
                rejections.increment();
            }
            refuse.rejectedExecution(task, executor);
        });
    }

    /** Seconds until a served certificate's notAfter (negative once expired); {@code name} is its configured file name. */
    public static void bindCertificateExpiry(MeterRegistry registry, String name, Supplier<Instant> notAfter,
                                             InstantSource clock) {
        Gauge.builder(Meters.TLS_CERTIFICATE_EXPIRY, notAfter,
                        expiry -> Duration.between(clock.instant(), expiry.get()).toSeconds())
                .tag(Meters.CERTIFICATE, name).baseUnit("seconds")
                .description(Meters.description(Meters.TLS_CERTIFICATE_EXPIRY))
                .strongReference(true).register(registry);
    }

    /** Heap and direct memory in use by Netty's buffer allocator. */
    public static void bindAllocator(MeterRegistry registry, ByteBufAllocatorMetric metric) {
        Gauge.builder(Meters.ALLOCATOR_USED, metric, ByteBufAllocatorMetric::usedHeapMemory)
                .tag(Meters.AREA, "heap").baseUnit("bytes")
                .description(Meters.description(Meters.ALLOCATOR_USED))
                .strongReference(true).register(registry);
        Gauge.builder(Meters.ALLOCATOR_USED, metric, ByteBufAllocatorMetric::usedDirectMemory)
                .tag(Meters.AREA, "direct").baseUnit("bytes")
                .description(Meters.description(Meters.ALLOCATOR_USED))
                .strongReference(true).register(registry);
    }

    /** 1 when a front's upstream answered the last probe, else 0. */
    public static void bindUpstreamUp(MeterRegistry registry, String protocol, BooleanSupplier up) {
        Gauge.builder(Meters.UPSTREAM_UP, up, probe -> probe.getAsBoolean() ? 1 : 0)
                .tag(Meters.PROTOCOL, protocol)
                .description(Meters.description(Meters.UPSTREAM_UP))
                .strongReference(true).register(registry);
    }
}
