package dev.postern.server.cli;

import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.jdbc.JdbcStore;
import dev.postern.core.store.jdbc.StoreMigrations;
import dev.postern.server.StoreFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code postern store migrate}: brings the configured store's schema to this version's (creating it
 * when the store is new), as {@code serve} does at start-up; for upgrades done before the gateways
 * restart, or by a role allowed to change the schema.
 */
@Command(name = "migrate", description = "Create or upgrade the configured store's schema to this Postern's version (serve "
        + "does it at start-up too); a store written by a newer Postern is refused.")
public final class StoreMigrateCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    StoreMigrateCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        try (CommandContext context = CommandContext.open(config, io)) {
            CredentialStore store = context.store();
            String where = StoreFactory.describe(context.config().store());
            StoreMigrations.Outcome outcome = store instanceof JdbcStore jdbc ? jdbc.migration()
                    : new StoreMigrations.Outcome(StoreMigrations.LATEST, StoreMigrations.LATEST);
            if (outcome.applied()) {
                io.out().printf("Store %s: schema migrated from version %d to %d.%n", where, outcome.before(), outcome.after());
            } else {
                io.out().printf("Store %s: schema at version %d, up to date.%n", where, outcome.after());
            }
        }
        return ExitCodes.OK;
    }
}
