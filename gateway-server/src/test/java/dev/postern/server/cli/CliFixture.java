package dev.postern.server.cli;

import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A configuration file and a SQLite store in a temporary folder, and a way to run verbs against
 * them. The store is opened by the test only to check what a verb left behind.
 */
final class CliFixture {

    static final String STORE_ONLY = "store: { sqlite: postern.db }\n";
    static final String STORED_CREDENTIAL = STORE_ONLY
            + "upstream-auth: { mode: stored-credential, key-file: k }\n";

    final Path dir;
    final Path config;

    CliFixture(Path dir, String yaml) {
        this.dir = dir;
        this.config = write("postern.yml", yaml);
    }

    static CliFixture storeOnly(Path dir) {
        return new CliFixture(dir, STORE_ONLY);
    }

    static CliFixture storedCredential(Path dir) {
        SecretSealer.createKeyFile(dir.resolve("k"), new SecureRandom());
        return new CliFixture(dir, STORED_CREDENTIAL);
    }

    Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code postern <args> --config <file>} with empty standard input. */
    CliRun run(String... args) {
        return runWithInput("", args);
    }

    CliRun runWithInput(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return CliRun.run(stdin, Map.of(), all.toArray(String[]::new));
    }

    SqliteStore openStore() {
        return SqliteStore.open(dir.resolve("postern.db"));
    }

    SecretSealer sealer() {
        return SecretSealer.fromKeyFile(dir.resolve("k"));
    }
}
