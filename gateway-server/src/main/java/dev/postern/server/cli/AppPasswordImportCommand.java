package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.auth.hash.UnsupportedHashException;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import dev.postern.server.views.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code postern app-passwords import}: stores an existing hash (bcrypt, PBKDF2, Argon2, peppered
 * HMAC) read from standard input as an app password. A hash Postern cannot verify is refused
 * (exit 1) before anything is written.
 */
@Command(name = "import", description = "Store an existing password hash, read from standard input, as an app password "
                + "(migration from another system). Accepted: $argon2id$, $argon2i$, $argon2d$, $2a$/$2b$/$2y$ "
                + "(bcrypt), $pbkdf2-sha256$, $pbkdf2-sha512$, $hmac-sha256$ (needs auth.pepper-file).")
public final class AppPasswordImportCommand implements Callable<Integer> {

    static final String WHAT = "one encoded password hash";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    NewAppPasswordOptions options;
    @Mixin
    OutputOption output;

    @Option(names = "--hash-stdin", required = true,
            description = "Read the hash from the first line of standard input (never from an argument).")
    boolean hashStdin;

    AppPasswordImportCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        options.validate();
        String hash = StandardInput.firstLine(io.in(), WHAT).strip();
        AppPasswordRecord record;
        String scheme;
        try (CommandContext context = CommandContext.open(config, io)) {
            try {
                context.hashes().requireSupported(hash);
            } catch (UnsupportedHashException e) {
                throw new RefusedException("standard input: " + e.getMessage() + "; nothing imported");
            }
            scheme = context.hashes().scheme(hash);
            record = context.accounts().importHash(options.user, options.label, options.scopes, hash, options.expiresIn,
                    options.limits());
        }
        if (output.json()) {
            ObjectNode node = Json.object();
            node.put("id", record.id());
            node.put("user", record.user());
            node.put("label", record.label());
            node.put("scheme", scheme);
            Json.putScopes(node, record.scopes());
            Json.putInstant(node, "created_at", record.createdAt());
            Json.putInstant(node, "expires_at", record.expiresAt());
            io.out().println(Json.line(node));
        } else {
            io.out().printf("Imported %s hash as app password %s for %s (label \"%s\", scopes %s, expires %s).%n",
                    scheme, record.id(), record.user(), record.label(), Scope.format(record.scopes()),
                    TextTimes.format(record.expiresAt()));
        }
        return ExitCodes.OK;
    }
}
