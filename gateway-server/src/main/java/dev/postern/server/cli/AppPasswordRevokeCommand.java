package dev.postern.server.cli;

import dev.postern.core.config.Durations;
import dev.postern.core.store.AppPasswordRecord;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code postern app-passwords revoke ID}: stops an app password from working; the record stays for the audit. */
@Command(name = "revoke", description = "Revoke an app password. A running gateway refuses it within auth.cache.state-refresh "
                + "(at most 5s); the record stays listed as revoked.")
public final class AppPasswordRevokeCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "ID", description = "The id shown by create and list.")
    String id;

    AppPasswordRevokeCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        AppPasswordRecord revoked;
        Duration refresh;
        try (CommandContext context = CommandContext.open(config, io)) {
            refresh = context.config().auth().cache().stateRefresh();
            revoked = context.accounts().revoke(id);
        }
        io.out().printf("Revoked app password %s of %s (label \"%s\").%n", revoked.id(), revoked.user(),
                revoked.label());
        io.out().printf("A running gateway refuses it within %s (auth.cache.state-refresh).%n",
                Durations.format(refresh));
        return ExitCodes.OK;
    }
}
