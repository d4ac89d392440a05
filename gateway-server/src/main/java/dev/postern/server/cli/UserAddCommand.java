package dev.postern.server.cli;

import dev.postern.core.identity.UserNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code postern users add USER}: adds a user without app passwords. */
@Command(name = "add", description = "Add a user (normalised: trimmed, NFC, all in lower case). "
                + "app-passwords create also adds an unknown user.")
public final class UserAddCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER", description = "The login name, usually the mail address.")
    String user;

    UserAddCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String added = UserNames.require(user);
        try (CommandContext context = CommandContext.open(config, io)) {
            context.accounts().addUser(added);
        }
        io.out().println("Added user " + added + ".");
        return ExitCodes.OK;
    }
}
