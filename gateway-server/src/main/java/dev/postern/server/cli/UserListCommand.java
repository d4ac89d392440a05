package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.postern.core.config.UpstreamAuthConfig;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.UserRecord;
import dev.postern.server.views.Json;
import dev.postern.server.views.UserJson;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code postern users list}: every user, with their number of active app passwords and upstream
 * password state; with the refresh-token grant, their upstream connection instead of the upstream
 * password (text), or as well (JSON).
 */
@Command(name = "list", description = "List users, newest first, with how many active app passwords they hold and whether an "
                + "upstream password is stored, and whether they are active or suspended; with upstream-auth.oauth2.grant refresh-token, whether their mailbox is "
                + "connected, since when, and whether it must be connected again. Never shows a password or token.")
public final class UserListCommand implements Callable<Integer> {

    static final String NONE = "no users";
    static final String CONNECTED = "connected";
    static final String NOT_CONNECTED = "not connected";
    static final String RECONNECT = "reconnect needed";
    static final String ACTIVE = "active";
    static final String SUSPENDED = "suspended";

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
        boolean connections;
        try (CommandContext context = CommandContext.open(config, io)) {
            UpstreamAuthConfig auth = context.config().upstreamAuth();
            connections = auth != null && auth.oauth2() != null && auth.oauth2().perUserConsent();
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
                array.add(UserJson.json(user, active.getOrDefault(user.name(), 0), connections));
            }
            io.out().println(Json.line(array));
        } else if (users.isEmpty()) {
            io.err().println(NONE);
        } else if (connections) {
            TextTable table = new TextTable("USER", "CREATED", "ACTIVE APP PASSWORDS", "UPSTREAM", "CONNECTED",
                    "STATE");
            for (UserRecord user : users) {
                UserRecord.Connection connection = user.connection();
                table.row(user.name(), TextTimes.format(user.createdAt()),
                        String.valueOf(active.getOrDefault(user.name(), 0)), state(connection),
                        TextTimes.format(connection == null ? null : connection.connectedAt()), state(user));
            }
            table.print(io.out());
        } else {
            TextTable table = new TextTable("USER", "CREATED", "ACTIVE APP PASSWORDS", "UPSTREAM PASSWORD", "STATE");
            for (UserRecord user : users) {
                table.row(user.name(), TextTimes.format(user.createdAt()),
                        String.valueOf(active.getOrDefault(user.name(), 0)),
                        user.hasUpstreamPassword() ? "stored" : "none", state(user));
            }
            table.print(io.out());
        }
        return ExitCodes.OK;
    }

    /** {@code active}, or {@code suspended} ({@code postern users suspend}). */
    private static String state(UserRecord user) {
        return user.isSuspended() ? SUSPENDED : ACTIVE;
    }

    private static String state(UserRecord.Connection connection) {
        return connection == null ? NOT_CONNECTED : connection.needsReconnect() ? RECONNECT : CONNECTED;
    }
}
