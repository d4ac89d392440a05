package dev.postern.server.cli;

import dev.postern.core.config.GatewayConfig;
import dev.postern.core.config.UpstreamAuthConfig;
import dev.postern.core.identity.UserNames;
import dev.postern.core.seal.SecretSealer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code postern users set-upstream-password USER}: seals the user's upstream password (first line of
 * standard input, never an argument) with the key of {@code upstream-auth.key-file} and stores it.
 */
@Command(name = "set-upstream-password", description = "Store the user's password for the upstream mail server (stored-credential mode), encrypted "
                + "with AES-256-GCM under upstream-auth.key-file. The password is read from the first line of "
                + "standard input, never from an argument, and is never printed.")
public final class SetUpstreamPasswordCommand implements Callable<Integer> {

    static final String WHAT = "the upstream password";
    static final String NO_KEY_FILE = "upstream-auth.key-file is not set (expected upstream-auth: "
            + "{ mode: stored-credential, key-file: FILE } to store upstream passwords; create the key with 32 random "
            + "bytes, e.g. head -c 32 /dev/urandom | base64 > FILE, readable by Postern only)";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "USER", description = "The user (must exist: see users add).")
    String user;

    SetUpstreamPasswordCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String name = UserNames.require(user);
        try (CommandContext context = CommandContext.open(config, io)) {
            SecretSealer sealer = sealer(context.config());
            String password = StandardInput.firstLine(io.in(), WHAT);
            context.accounts().setUpstreamPassword(name, password, sealer);
        }
        io.out().println("Stored the upstream password of " + name + " (encrypted with upstream-auth.key-file).");
        return ExitCodes.OK;
    }

    private static SecretSealer sealer(GatewayConfig config) {
        UpstreamAuthConfig auth = config.upstreamAuth();
        if (auth == null || auth.keyFile() == null) {
            throw new IllegalArgumentException(config.source() + ": " + NO_KEY_FILE);
        }
        return SecretSealer.fromKeyFile(auth.keyFile());
    }
}
