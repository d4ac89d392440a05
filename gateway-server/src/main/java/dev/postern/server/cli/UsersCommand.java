package dev.postern.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code postern users}: the group of user verbs; alone it prints its usage (exit 2). */
@Command(name = "users", description = "Add, list, remove, suspend and resume users, store their upstream password, and connect their "
        + "mailbox at the OAuth2 provider.",
        subcommands = {UserAddCommand.class, UserListCommand.class, UserRemoveCommand.class, UserSuspendCommand.class,
            UserResumeCommand.class,
            SetUpstreamPasswordCommand.class, UserConnectCommand.class})
public final class UsersCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Spec
    CommandLine.Model.CommandSpec spec;

    UsersCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }
}
