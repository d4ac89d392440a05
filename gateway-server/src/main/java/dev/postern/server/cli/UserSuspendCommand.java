package dev.postern.server.cli;

import dev.postern.core.identity.UserNames;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code postern users suspend USER}: refuses every login of a user and closes their sessions, keeping their account. */
@Command(name = "suspend", description = "Suspend a user: every login is refused and every open session closed; the user's "
        + "app passwords and upstream credential are kept, and work again after users resume.")
public final class UserSuspendCommand implements Callable<Integer> {

    static final String CLOSED_EVERYWHERE = "A running gateway on this store closes the user's open sessions within a second.";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER", description = "The user to suspend.")
    String user;

    UserSuspendCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String name = UserNames.require(user);
        Instant at;
        try (CommandContext context = CommandContext.open(config, io)) {
            at = context.accounts().suspend(name);
        }
        io.out().printf("Suspended user %s (since %s).%n", name, at);
        io.out().println(CLOSED_EVERYWHERE);
        return ExitCodes.OK;
    }
}
