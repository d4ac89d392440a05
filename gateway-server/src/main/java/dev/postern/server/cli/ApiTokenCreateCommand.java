package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.account.AccountService;
import dev.postern.server.views.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code postern api-tokens create}: generates a bearer token of the admin REST API and prints it, once. */
@Command(name = "create", description = "Generate a bearer token for the admin REST API, store its SHA-256 and print it"
        + " once with its id.")
public final class ApiTokenCreateCommand implements Callable<Integer> {

    static final String SHOWN_ONCE = "It is shown only this once; Postern keeps only its SHA-256.";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    OutputOption output;

    @Option(names = {"-l", "--label"}, required = true, paramLabel = "LABEL",
            description = "Who or what uses it, e.g. \"provisioning script\"; unique among active tokens; written to the"
                    + " audit log with every change made with it.")
    String label;

    ApiTokenCreateCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        AccountService.requireLabel(label);
        AccountService.CreatedToken created;
        try (CommandContext context = CommandContext.open(config, io)) {
            created = context.accounts().createApiToken(label);
        }
        if (output.json()) {
            ObjectNode node = Json.object();
            node.put("id", created.record().id());
            node.put("label", created.record().label());
            node.put("token", created.token());
            Json.putInstant(node, "created_at", created.record().createdAt());
            io.out().println(Json.line(node));
        } else {
            io.out().printf("""
                    New API token:

                        %s

                    %s
                      id:     %s
                      label:  %s
                    Send it as "Authorization: Bearer <token>" to /api/v1/ on the portal listener.
                    """, created.token(), SHOWN_ONCE, created.record().id(), created.record().label());
        }
        return ExitCodes.OK;
    }
}
