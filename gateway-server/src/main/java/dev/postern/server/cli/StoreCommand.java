package dev.postern.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code postern store}: the group of store verbs; alone it prints its usage (exit 2). */
@Command(name = "store", description = "Migrate the store's schema, or copy a store into another (SQLite to PostgreSQL).",
        subcommands = {StoreMigrateCommand.class, StoreCopyCommand.class})
public final class StoreCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Spec
    CommandLine.Model.CommandSpec spec;

    StoreCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }
}
