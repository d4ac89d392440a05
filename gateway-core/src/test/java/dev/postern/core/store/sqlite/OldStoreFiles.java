package dev.postern.core.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;

/** SQLite store files as earlier Posterns left them, for migration tests. */
final class OldStoreFiles {
    /** The SQL scripts of the SQLite schema by version; version 3 is a Java migration with nothing to do on new files. */
    private static final Map<Integer, String> SCRIPTS = Map.of(
            1, "V1__users_and_app_passwords.sql",
            2, "V2__lookup_tags_of_app_passwords.sql",
            4, "V4__users_upstream_consent.sql",
            5, "V5__users_suspension.sql",
            6, "V6__users_credential_version.sql");

    private OldStoreFiles() {
    }

    /**
     * Makes {@code file} a store as a Postern before Flyway left it at schema {@code version}: the
     * tables of that version, the version in {@code PRAGMA user_version} only, no migration history.
     */
    static void fileAtVersion(Path file, int version) throws SQLException {
        for (int v = 1; v <= version; v++) {
            String script = SCRIPTS.get(v);
            if (script == null) {
                continue;
            }
            for (String sql : statements(script)) {
                SqliteStoreOpenTest.execute(file, sql);
            }
        }
        SqliteStoreOpenTest.execute(file, "PRAGMA user_version = " + version);
    }

    private static String[] statements(String script) {
        try (InputStream in = OldStoreFiles.class.getResourceAsStream("/db/postern/sqlite/" + script)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return Arrays.stream(text.split(";")).map(String::strip).filter(sql -> !sql.isEmpty())
                    .toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
