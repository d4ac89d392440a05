package dev.postern.server.cli;

import dev.postern.core.identity.UserNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code postern users resume USER}: ends a user's suspension; their app passwords work again at once. */
@Command(name = "resume", description = "Resume a suspended user: their app passwords work again at once.")
public final class UserResumeCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER", description = "The user to resume.")
    String user;

    UserResumeCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String name = UserNames.require(user);
        try (CommandContext context = CommandContext.open(config, io)) {
            context.accounts().resume(name);
        }
        io.out().printf("Resumed user %s.%n", name);
        return ExitCodes.OK;
    }
}
