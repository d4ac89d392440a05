package dev.postern.server.cli;

import dev.postern.core.identity.UserNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code postern users remove USER}: removes a user with all their app passwords and upstream password. */
@Command(name = "remove", description = "Remove a user together with all their app passwords and their stored upstream password.")
public final class UserRemoveCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER", description = "The user to remove.")
    String user;

    UserRemoveCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String name = UserNames.require(user);
        int appPasswords;
        try (CommandContext context = CommandContext.open(config, io)) {
            appPasswords = context.accounts().removeUser(name);
        }
        io.out().printf("Removed user %s and %d app password%s.%n", name, appPasswords, appPasswords == 1 ? "" : "s");
        return ExitCodes.OK;
    }
}
