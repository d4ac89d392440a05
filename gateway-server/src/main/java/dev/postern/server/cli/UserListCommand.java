package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.UserRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code postern users list}: every user, with their number of active app passwords and upstream password state. */
@Command(name = "list", description = "List users, newest first, with how many active app passwords they hold and whether an "
                + "upstream password is stored. Never shows a password.")
public final class UserListCommand implements Callable<Integer> {

    static final String NONE = "no users";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    OutputOption output;

    UserListCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        List<UserRecord> users;
        Map<String, Integer> active = new HashMap<>();
        try (CommandContext context = CommandContext.open(config, io)) {
            CredentialStore store = context.store();
            users = store.listUsers();
            Instant now = Instant.now();
            for (AppPasswordRecord record : store.listAppPasswords(Optional.empty())) {
                if (record.isActiveAt(now)) {
                    active.merge(record.user(), 1, Integer::sum);
                }
            }
        }
        if (output.json()) {
            ArrayNode array = Json.array();
            for (UserRecord user : users) {
                ObjectNode node = array.addObject();
                node.put("user", user.name());
                Json.putInstant(node, "created_at", user.createdAt());
                node.put("active_app_passwords", active.getOrDefault(user.name(), 0));
                node.put("upstream_password", user.hasUpstreamPassword());
            }
            io.out().println(Json.line(array));
        } else if (users.isEmpty()) {
            io.err().println(NONE);
        } else {
            TextTable table = new TextTable("USER", "CREATED", "ACTIVE APP PASSWORDS", "UPSTREAM PASSWORD");
            for (UserRecord user : users) {
                table.row(user.name(), TextTimes.format(user.createdAt()),
                        String.valueOf(active.getOrDefault(user.name(), 0)),
                        user.hasUpstreamPassword() ? "stored" : "none");
            }
            table.print(io.out());
        }
        return ExitCodes.OK;
    }
}
