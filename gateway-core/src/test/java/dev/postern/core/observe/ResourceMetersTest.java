package dev.postern.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.auth.BoundedPool;
import dev.postern.core.testing.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResourceMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldCountRejectionsOfAFullPoolAndStillRefuseTheTask() throws InterruptedException {
        ThreadPoolExecutor pool = BoundedPool.create("hash", 1, 1);
        ResourceMeters.bindPool(registry, "hash", pool);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> {
                running.countDown();
                await(release);
            });
            running.await(10, TimeUnit.SECONDS);
            pool.execute(() -> { });

            assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
            assertThat(registry.get(Meters.POOL_REJECTIONS).tag("pool", "hash").counter().count()).isEqualTo(1);
            assertThat(registry.get(Meters.POOL_QUEUE_DEPTH).tag("pool", "hash").gauge().value()).isEqualTo(1);
            assertThat(registry.get(Meters.POOL_ACTIVE_THREADS).tag("pool", "hash").gauge().value()).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void shouldReportSecondsUntilTheCertificateExpiresOnTheInjectedClock() {
        FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
        Instant notAfter = Instant.parse("2030-01-31T00:00:00Z");
        ResourceMeters.bindCertificateExpiry(registry, "fullchain.pem", () -> notAfter, clock);

        double fresh = registry.get(Meters.TLS_CERTIFICATE_EXPIRY).tag("certificate", "fullchain.pem").gauge().value();
        clock.advance(Duration.ofDays(31));
        double expired = registry.get(Meters.TLS_CERTIFICATE_EXPIRY).gauge().value();

        assertThat(fresh).isEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(expired).isEqualTo(-Duration.ofDays(1).toSeconds());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
