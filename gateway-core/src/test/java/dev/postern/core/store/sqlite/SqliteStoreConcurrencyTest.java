package dev.postern.core.store.sqlite;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreConcurrencyTest {
    private static final int STORES = 2;
    private static final int THREADS_PER_STORE = 4;
    private static final int CREATES_PER_THREAD = 50;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoWriteWhenTwoStoresAndEightThreadsWriteTheSameFile() throws Exception {
        Path file = dir.resolve("postern.db");
        ExecutorService pool = Executors.newFixedThreadPool(STORES * THREADS_PER_STORE);
        try {
            List<SqliteStore> stores = openConcurrently(file, pool);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int s = 0; s < STORES; s++) {
                for (int t = 0; t < THREADS_PER_STORE; t++) {
                    SqliteStore store = stores.get(s);
                    String prefix = "s" + s + "t" + t + "-";
                    writers.add(pool.submit(() -> writeAppPasswords(store, prefix, start)));
                }
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }

            List<AppPasswordRecord> all = stores.get(0).listAppPasswords(Optional.empty());
            assertThat(all).hasSize(STORES * THREADS_PER_STORE * CREATES_PER_THREAD);
            assertThat(all.stream().map(AppPasswordRecord::id).collect(Collectors.toSet()))
                    .hasSize(STORES * THREADS_PER_STORE * CREATES_PER_THREAD)
                    .contains("s0t0-0", "s1t3-49");
            assertThat(stores.get(1).listUsers()).hasSize(STORES * THREADS_PER_STORE);
            stores.forEach(SqliteStore::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLoseNoWriteWhenAnotherProcessWritesTheSameFile() throws Exception {
        Path file = dir.resolve("postern.db");
        int childWrites = 200;
        try (SqliteStore store = SqliteStore.open(file)) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreWriterProcess.class.getName(),
                    file.toString(), "child", String.valueOf(childWrites))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile())
                    .start();
            int parentWrites = 0;
            while (child.isAlive() && parentWrites < 100_000) { // write for as long as the child does
                store.createAppPassword(appPassword("parent" + parentWrites, "parent@example.com", "label " + parentWrites,
                        T0.plusMillis(parentWrites)));
                parentWrites++;
            }

            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child process finished").isTrue();
            assertThat(child.exitValue()).as("child exit code, see child.log").isZero();
            assertThat(store.appPasswordsOf("child@example.com")).hasSize(childWrites);
            assertThat(store.appPasswordsOf("parent@example.com")).hasSize(parentWrites);
        }
    }

    @Test
    void shouldReadWhileAnotherConnectionHoldsTheWriteLockAndFailWritesAfterTheBusyTimeout() throws Exception {
        Path file = dir.resolve("postern.db");
        try (SqliteStore store = SqliteStore.open(file, 2, Duration.ofMillis(200));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = other.createStatement()) {
            store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));
            statement.execute("BEGIN IMMEDIATE");

            assertThat(store.findAppPassword("ab12cd")).isPresent();
            assertThatThrownBy(() -> store.revokeAppPassword("ab12cd", T0))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessage("store.sqlite: " + file + ": database is locked by another process or thread for more than"
                            + " 200 ms (while revoking an app password)");

            statement.execute("ROLLBACK");
            assertThat(store.revokeAppPassword("ab12cd", T0)).isTrue();
        }
    }

    private List<SqliteStore> openConcurrently(Path file, ExecutorService pool) throws Exception {
        List<Callable<SqliteStore>> opens = IntStream.range(0, STORES)
                .<Callable<SqliteStore>>mapToObj(i -> () -> SqliteStore.open(file))
                .toList();
        List<SqliteStore> stores = new ArrayList<>();
        for (Future<SqliteStore> opened : pool.invokeAll(opens)) {
            stores.add(opened.get());
        }
        return stores;
    }

    private static Void writeAppPasswords(SqliteStore store, String prefix, CountDownLatch start) throws InterruptedException {
        start.await();
        for (int i = 0; i < CREATES_PER_THREAD; i++) {
            String user = prefix + "@example.com";
            store.createAppPassword(appPassword(prefix + i, user, "label " + i, T0.plusMillis(i)));
            store.recordLastUse(prefix + i, T0.plusSeconds(i), "192.0.2.1");
            assertThat(store.appPasswordsOf(user)).hasSize(i + 1);
        }
        return null;
    }
}
