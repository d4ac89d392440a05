package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.LastUse;
import dev.postern.core.testing.FakeClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Last uses reach the store in batches: one write for every use that arrived while the previous write
 * was queued or running, each app password once with its latest use, and a repeat from the same
 * address within {@link LastUseRecorder#INTERVAL} not at all.
 */
class LastUseRecorderTest {

    private final FakeClock clock = new FakeClock();
    private final Queue<Runnable> storePool = new ArrayDeque<>();
    private final Executor executor = storePool::add;
    private final List<Map<String, LastUse>> writes = new ArrayList<>();
    /** Runs inside the next store write, as a login finishing while the write is in progress would. */
    private Runnable duringWrite = () -> { };
    private final CredentialStore store = (CredentialStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {CredentialStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("recordLastUses")) {
                    @SuppressWarnings("unchecked")
                    Map<String, LastUse> uses = (Map<String, LastUse>) args[0];
                    writes.add(Map.copyOf(uses));
                    Runnable hook = duringWrite;
                    duringWrite = () -> { };
                    hook.run();
                    return null;
                }
                throw new AssertionError("unexpected store call: " + method.getName());
            });
    private final LastUseRecorder recorder = new LastUseRecorder(store, executor, clock, clock);

    @Test
    void shouldWriteAQuietGatewaysUseAtOnceInItsOwnWrite() {
        recorder.record("ab12cd", "192.0.2.7");

        assertThat(storePool).hasSize(1);
        runPool();

        assertThat(writes).containsExactly(Map.of("ab12cd", new LastUse(clock.instant(), "192.0.2.7")));
    }

    @Test
    void shouldGatherTheUsesThatArriveWhileAWriteIsQueuedIntoOneWrite() {
        recorder.record("ab12cd", "192.0.2.7");
        clock.advance(Duration.ofMillis(5));
        recorder.record("ef34gh", "192.0.2.8");
        recorder.record("ij56kl", "198.51.100.1");
        recorder.record("ab12cd", "192.0.2.9"); // another address: a newer use of the same app password

        assertThat(storePool).as("one write queued for all of them").hasSize(1);
        runPool();

        assertThat(writes).containsExactly(Map.of(
                "ab12cd", new LastUse(clock.instant(), "192.0.2.9"),
                "ef34gh", new LastUse(clock.instant(), "192.0.2.8"),
                "ij56kl", new LastUse(clock.instant(), "198.51.100.1")));
    }

    @Test
    void shouldStartTheNextWriteForUsesThatArrivedWhileOneWasRunning() {
        recorder.record("ab12cd", "192.0.2.7");
        duringWrite = () -> {
            recorder.record("ef34gh", "192.0.2.8");
            assertThat(storePool).as("no second write while the first runs").isEmpty();
        };

        runPool();

        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).containsOnlyKeys("ab12cd");
        assertThat(writes.get(1)).containsOnlyKeys("ef34gh");
    }

    @Test
    void shouldNotWriteARepeatFromTheSameAddressWithinTheInterval() {
        recorder.record("ab12cd", "192.0.2.7");
        runPool();
        clock.advance(LastUseRecorder.INTERVAL.minusSeconds(1));
        recorder.record("ab12cd", "192.0.2.7");
        assertThat(storePool).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        recorder.record("ab12cd", "192.0.2.7");
        runPool();

        assertThat(writes).hasSize(2);
    }

    private void runPool() {
        Runnable task;
        while ((task = storePool.poll()) != null) {
            task.run();
        }
    }
}
