package dev.postern.server.cli;

import dev.postern.core.store.AppPasswordRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code postern app-passwords revoke ID}: stops an app password from working; the record stays for the audit. */
@Command(name = "revoke", description = "Revoke an app password. A running gateway on this store refuses it and closes "
                + "the sessions opened with it within a second; the record stays listed as revoked.")
public final class AppPasswordRevokeCommand implements Callable<Integer> {

    /** What a running gateway does about it: the revocation watch sees the store change within 250 ms. */
    static final String REVOKED_EVERYWHERE =
            "A running gateway on this store refuses it and closes the sessions opened with it within a second.";

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
        try (CommandContext context = CommandContext.open(config, io)) {
            revoked = context.accounts().revoke(id);
        }
        io.out().printf("Revoked app password %s of %s (label \"%s\").%n", revoked.id(), revoked.user(),
                revoked.label());
        io.out().println(REVOKED_EVERYWHERE);
        return ExitCodes.OK;
    }
}
