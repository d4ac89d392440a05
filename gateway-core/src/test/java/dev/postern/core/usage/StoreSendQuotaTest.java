package dev.postern.core.usage;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.observe.Meters;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSendQuotaTest {

    @TempDir
    Path dir;
    private SqliteStore store;
    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("postern.db"));
        store.createAppPassword(appPassword("ab12cd", ALICE, "Scanner", clock.instant()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StoreSendQuota quota(Executor pool) {
        return new StoreSendQuota(store, pool, clock, new GatewayMetrics(registry));
    }

    @Test
    void shouldLetMessagesStartUntilTheDaysQuotaIsUsedThenAgainTheNextUtcDay() {
        StoreSendQuota quota = quota(Runnable::run);

        assertThat(quota.mayStart("smtp", "ab12cd", 2).join()).isTrue();
        quota.accepted("ab12cd");
        assertThat(quota.mayStart("smtp", "ab12cd", 2).join()).isTrue();
        quota.accepted("ab12cd");
        boolean third = quota.mayStart("smtp", "ab12cd", 2).join();
        clock.advance(Duration.ofDays(1));
        boolean nextDay = quota.mayStart("smtp", "ab12cd", 2).join();

        assertThat(third).isFalse();
        assertThat(nextDay).isTrue();
        assertThat(registry.get(Meters.SEND_QUOTA_REACHED).tag(Meters.PROTOCOL, "smtp").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldSeeMessagesCountedByAnotherGatewayOnTheSameStore() {
        try (SqliteStore other = SqliteStore.open(dir.resolve("postern.db"))) {
            StoreSendQuota elsewhere = new StoreSendQuota(other, Runnable::run, clock, GatewayMetrics.noop());
            elsewhere.accepted("ab12cd");

            assertThat(quota(Runnable::run).mayStart("smtp", "ab12cd", 1).join()).isFalse();
        }
    }

    @Test
    void shouldFailTheCheckWhenTheStorePoolIsFull() {
        StoreSendQuota quota = quota(task -> {
            throw new RejectedExecutionException("full");
        });

        assertThatThrownBy(() -> quota.mayStart("smtp", "ab12cd", 5).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RejectedExecutionException.class);
        quota.accepted("ab12cd"); // logged, never thrown at the session
    }
}
