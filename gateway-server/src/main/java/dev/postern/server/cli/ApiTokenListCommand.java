package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.store.ApiTokenRecord;
import dev.postern.server.views.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code postern api-tokens list}: every API token with its status and last use; never a token or its hash. */
@Command(name = "list", description = "List API tokens, newest first, with their status and last use. Never shows a"
        + " token or its hash.")
public final class ApiTokenListCommand implements Callable<Integer> {

    static final String NONE = "no API tokens";
    static final String[] HEADER = {"ID", "LABEL", "CREATED", "LAST USED (from IP)", "STATUS"};

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    OutputOption output;

    ApiTokenListCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        List<ApiTokenRecord> tokens;
        try (CommandContext context = CommandContext.open(config, io)) {
            tokens = context.accounts().apiTokens();
        }
        if (output.json()) {
            ArrayNode array = Json.array();
            for (ApiTokenRecord token : tokens) {
                ObjectNode node = array.addObject();
                node.put("id", token.id());
                node.put("label", token.label());
                Json.putInstant(node, "created_at", token.createdAt());
                Json.putInstant(node, "last_used_at", token.lastUsedAt());
                node.put("last_used_ip", token.lastUsedIp());
                Json.putInstant(node, "revoked_at", token.revokedAt());
                node.put("status", status(token));
            }
            io.out().println(Json.line(array));
        } else if (tokens.isEmpty()) {
            io.err().println(NONE);
        } else {
            TextTable table = new TextTable(HEADER);
            for (ApiTokenRecord token : tokens) {
                String lastUse = token.lastUsedAt() == null ? TextTimes.NEVER
                        : TextTimes.format(token.lastUsedAt()) + " (" + token.lastUsedIp() + ")";
                table.row(token.id(), token.label(), TextTimes.format(token.createdAt()), lastUse, status(token));
            }
            table.print(io.out());
        }
        return ExitCodes.OK;
    }

    private static String status(ApiTokenRecord token) {
        return token.isRevoked() ? "revoked" : "active";
    }
}
