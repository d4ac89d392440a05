package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.postern.core.account.AccountService;
import dev.postern.core.identity.UserNames;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.StoreConflictException;
import dev.postern.server.views.AppPasswordJson;
import dev.postern.server.views.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code postern app-passwords list}: every app password (or one user's) with its status; never a secret or hash. */
@Command(name = "list", description = "List app passwords, newest first, with their status (active, revoked, expired) and last use. "
                + "Never shows a password or a hash.")
public final class AppPasswordListCommand implements Callable<Integer> {

    static final String NONE = "no app passwords";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    OutputOption output;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Only this user's app passwords.")
    String user;

    AppPasswordListCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Optional<String> only = user == null ? Optional.empty() : Optional.of(UserNames.require(user));
        List<AppPasswordRecord> records;
        try (CommandContext context = CommandContext.open(config, io)) {
            CredentialStore store = context.store();
            if (only.isPresent() && store.findUser(only.get()).isEmpty()) {
                throw new StoreConflictException(AccountService.unknownUser(only.get()));
            }
            records = store.listAppPasswords(only);
        }
        Instant now = Instant.now();
        if (output.json()) {
            ArrayNode array = Json.array();
            records.forEach(record -> array.add(AppPasswordJson.json(record, now)));
            io.out().println(Json.line(array));
        } else if (records.isEmpty()) {
            io.err().println(NONE);
        } else {
            AppPasswordView.printTable(records, now, io.out());
        }
        return ExitCodes.OK;
    }
}
