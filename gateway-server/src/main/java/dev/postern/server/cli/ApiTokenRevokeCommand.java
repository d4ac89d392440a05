package dev.postern.server.cli;

import dev.postern.core.store.ApiTokenRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code postern api-tokens revoke ID}: the next API request with that token is refused. */
@Command(name = "revoke", description = "Revoke an API token: the next request made with it is refused (401). The record"
        + " stays listed as revoked.")
public final class ApiTokenRevokeCommand implements Callable<Integer> {

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "ID", description = "The id shown by create and list.")
    String id;

    ApiTokenRevokeCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ApiTokenRecord revoked;
        try (CommandContext context = CommandContext.open(config, io)) {
            revoked = context.accounts().revokeApiToken(id);
        }
        io.out().printf("Revoked API token %s (label \"%s\"). The next request made with it is refused.%n", revoked.id(),
                revoked.label());
        return ExitCodes.OK;
    }
}
