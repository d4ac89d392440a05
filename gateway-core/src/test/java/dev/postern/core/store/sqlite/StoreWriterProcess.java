package dev.postern.core.store.sqlite;

import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;

import java.nio.file.Path;

/** Run in a child JVM by {@link SqliteStoreConcurrencyTest}: another process writing the same file. */
final class StoreWriterProcess {
    private StoreWriterProcess() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        try (SqliteStore store = SqliteStore.open(file)) {
            for (int i = 0; i < count; i++) {
                store.createAppPassword(appPassword(prefix + i, prefix + "@example.com", "label " + i, T0.plusMillis(i)));
            }
        }
    }
}
