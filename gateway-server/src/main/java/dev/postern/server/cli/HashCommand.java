package dev.postern.server.cli;

import dev.postern.core.auth.AppPasswordFormat;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.ConfigLoader;
import dev.postern.server.Components;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code postern hash}: prints the Argon2id PHC string of a password read on standard input, at the
 * configured cost. Without {@code --config} or {@code $POSTERN_CONFIG}, and no {@code ./postern.yml},
 * it uses the defaults (m=19456, t=2, p=1) and says so on standard error; a configuration file that
 * exists but is invalid is an error, never silently skipped.
 */
@Command(name = "hash", description = "Read a password from the first line of standard input and print its Argon2id PHC string "
                + "(auth.argon2 cost of the configuration; the defaults when there is no configuration file). "
                + "A password in app-password form is hashed in its canonical form, as the gateway checks it.")
public final class HashCommand implements Callable<Integer> {

    static final String WHAT = "the password to hash";
    static final String DEFAULTS_NOTE = "no configuration file at %s; using the default Argon2id cost m=%d,t=%d,p=%d";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    HashCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        PasswordHashes hashes = hashes();
        String password = StandardInput.firstLine(io.in(), WHAT);
        byte[] secret = AppPasswordFormat.canonicalOrAsTyped(password).getBytes(StandardCharsets.UTF_8);
        try {
            io.out().println(hashes.hash(secret));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return ExitCodes.OK;
    }

    private PasswordHashes hashes() {
        String fromEnv = io.env().get(ConfigLoader.CONFIG_ENV);
        boolean named = config.file != null || (fromEnv != null && !fromEnv.isBlank());
        Path file = config.resolve(io);
        if (!named && !Files.exists(file)) {
            Argon2Params params = Argon2Params.DEFAULT;
            io.err().println(String.format(DEFAULTS_NOTE, file, params.memoryKib(), params.iterations(),
                    params.parallelism()));
            return new PasswordHashes(params, null, new SecureRandom());
        }
        return Components.passwordHashes(config.load(io));
    }
}
