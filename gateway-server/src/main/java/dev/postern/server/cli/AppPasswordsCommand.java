package dev.postern.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code postern app-passwords}: the group of app-password verbs; alone it prints its usage (exit 2). */
@Command(name = "app-passwords", description = "Create, list, revoke and import app passwords.",
        subcommands = {AppPasswordCreateCommand.class, AppPasswordListCommand.class, AppPasswordRevokeCommand.class,
            AppPasswordImportCommand.class})
public final class AppPasswordsCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Spec
    CommandLine.Model.CommandSpec spec;

    AppPasswordsCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }
}
