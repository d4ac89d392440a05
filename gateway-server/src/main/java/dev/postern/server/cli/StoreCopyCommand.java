package dev.postern.server.cli;

import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.StoreConfig;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.StoreCopy;
import dev.postern.server.StoreFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code postern store copy --from SOURCE --to TARGET}: moves an installation to another store, such
 * as from its SQLite file to the PostgreSQL database several gateways will share. Each side is a
 * Postern configuration file (its {@code store} section is used) or {@code sqlite:PATH}.
 */
@Command(name = "copy", description = "Copy users, app passwords (with their hashes and last use), sealed upstream passwords "
        + "and refresh tokens from one store into another. Stop the gateways first; the target's gateways need the same "
        + "sealing key. A non-empty target is refused unless --into-non-empty is given (then what it already has is kept "
        + "and skipped).")
public final class StoreCopyCommand implements Callable<Integer> {

    static final String SQLITE_PREFIX = "sqlite:";

    private final CliIo io;
    @Mixin
    HelpOption help;

    @Option(names = "--from", required = true, paramLabel = "CONFIG_OR_URL",
            description = "The store to copy: a Postern configuration file, or sqlite:PATH.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "CONFIG_OR_URL",
            description = "The store to copy into: a Postern configuration file (e.g. one with store.postgresql), or sqlite:PATH.")
    String to;

    @Option(names = "--into-non-empty", description = "Copy into a store that already has users; users and app passwords it "
            + "already has (same name, same id) are kept as they are there.")
    boolean intoNonEmpty;

    StoreCopyCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        StoreConfig source = storeOf(from, "--from");
        StoreConfig target = storeOf(to, "--to");
        if (source.equals(target)) {
            throw new RefusedException("--from and --to name the same store (" + StoreFactory.describe(source) + ")");
        }
        try (CredentialStore fromStore = StoreFactory.open(source); CredentialStore toStore = StoreFactory.open(target)) {
            if (!intoNonEmpty && !StoreCopy.isEmpty(toStore)) {
                throw new RefusedException("the target store " + StoreFactory.describe(target) + " already has users;"
                        + " copy into an empty store, or add --into-non-empty to keep what it has and add the rest");
            }
            StoreCopy.Counts counts = StoreCopy.copy(fromStore, toStore);
            io.out().printf("Copied %s into %s: %d user(s), %d app password(s), %d upstream password(s), %d refresh"
                    + " token(s).%n", StoreFactory.describe(source), StoreFactory.describe(target), counts.users(),
                    counts.appPasswords(), counts.upstreamPasswords(), counts.refreshTokens());
            if (counts.skippedUsers() + counts.skippedAppPasswords() > 0) {
                io.out().printf("Skipped what the target already had: %d user(s), %d app password(s).%n",
                        counts.skippedUsers(), counts.skippedAppPasswords());
            }
        }
        return ExitCodes.OK;
    }

    /** {@code sqlite:PATH}, or the store section of a configuration file (loaded and validated whole). */
    private StoreConfig storeOf(String value, String option) {
        if (value.startsWith(SQLITE_PREFIX)) {
            String path = value.substring(SQLITE_PREFIX.length());
            if (path.isBlank()) {
                throw new RefusedException(option + " " + value + ": expected sqlite:PATH, the path of a SQLite store file");
            }
            return StoreConfig.sqlite(Path.of(path).toAbsolutePath().normalize());
        }
        if (value.startsWith("jdbc:") || value.startsWith("postgresql:")) {
            throw new RefusedException(option + " " + value.substring(0, value.indexOf(':') + 1) + "...: name a PostgreSQL"
                    + " store through a configuration file with a store.postgresql section (its password stays in"
                    + " password-file, off the command line)");
        }
        return ConfigLoader.load(Path.of(value), io.env()).store();
    }
}
