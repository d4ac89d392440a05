package dev.postern.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where users and app passwords are kept: one SQLite file. The file need not exist yet; its folder
 * is created when the store is opened.
 */
public record StoreConfig(Path sqlite) {

    public static final Path DEFAULT_SQLITE = Path.of("/var/lib/postern/postern.db");

    static final String SECTION = "store";
    static final String[] KEYS = {"sqlite"};

    public StoreConfig {
        Objects.requireNonNull(sqlite, "sqlite");
    }

    static StoreConfig bind(ConfigReader store) {
        Path sqlite = store.path("sqlite");
        return new StoreConfig(sqlite == null ? DEFAULT_SQLITE : sqlite);
    }
}
