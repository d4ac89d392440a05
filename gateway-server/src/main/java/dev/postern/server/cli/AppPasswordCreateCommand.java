package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.account.AccountService;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import dev.postern.server.views.AppPasswordJson;
import dev.postern.server.views.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code postern app-passwords create}: generates an app password and prints it, once. */
@Command(name = "create", description = "Generate a new app password, store its Argon2id hash and print it once with its id.")
public final class AppPasswordCreateCommand implements Callable<Integer> {

    static final String SHOWN_ONCE = "It is shown only this once; Postern keeps only its hash.";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    NewAppPasswordOptions options;
    @Mixin
    OutputOption output;

    AppPasswordCreateCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        options.validate();
        AccountService.Created created;
        try (CommandContext context = CommandContext.open(config, io)) {
            created = context.accounts().create(options.user, options.label, options.scopes, options.expiresIn,
                    options.limits());
        }
        AppPasswordRecord record = created.record();
        if (output.json()) {
            ObjectNode node = Json.object();
            node.put("id", record.id());
            node.put("user", record.user());
            node.put("label", record.label());
            node.put("password", created.password());
            Json.putScopes(node, record.scopes());
            Json.putInstant(node, "created_at", record.createdAt());
            Json.putInstant(node, "expires_at", record.expiresAt());
            AppPasswordJson.putLimits(node, record);
            io.out().println(Json.line(node));
        } else {
            io.out().printf("""
                    New app password for %s:

                        %s

                    %s
                      id:       %s
                      label:    %s
                      scopes:   %s
                      expires:  %s
                    """, record.user(), created.password(), SHOWN_ONCE, record.id(), record.label(),
                    Scope.format(record.scopes()), TextTimes.format(record.expiresAt()));
            if (!record.limits().isNone()) {
                io.out().printf("  limits:   %s%n", AppPasswordView.limits(record));
            }
        }
        return ExitCodes.OK;
    }
}
