package dev.postern.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an app password is shown by {@code app-passwords list}: its status at a given instant, a table
 * row and a JSON object. Never the hash.
 */
final class AppPasswordView {

    /** What a login with this app password would meet now; revoked wins over expired. */
    enum Status {
        ACTIVE, REVOKED, EXPIRED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(AppPasswordRecord record, Instant now) {
            if (record.isRevoked()) {
                return REVOKED;
            }
            return record.isExpiredAt(now) ? EXPIRED : ACTIVE;
        }
    }

    static final String[] HEADER = {"ID", "USER", "LABEL", "SCOPES", "CREATED", "EXPIRES", "LAST USED (from IP)",
        "LIMITS", "STATUS"};

    private AppPasswordView() {
    }

    static void printTable(List<AppPasswordRecord> records, Instant now, PrintWriter out) {
        TextTable table = new TextTable(HEADER);
        for (AppPasswordRecord record : records) {
            table.row(record.id(), record.user(), record.label(), Scope.format(record.scopes()),
                    TextTimes.format(record.createdAt()), TextTimes.format(record.expiresAt()), lastUse(record),
                    limits(record), Status.of(record, now).wireName());
        }
        table.print(out);
    }

    private static String lastUse(AppPasswordRecord record) {
        if (record.lastUsedAt() == null) {
            return TextTimes.NEVER;
        }
        String time = TextTimes.format(record.lastUsedAt());
        return record.lastUsedIp() == null ? time : time + " (" + record.lastUsedIp() + ")";
    }

    /**
     * The limits in one short line, e.g. {@code send-as self, from 192.0.2.0/24, 300 messages/day};
     * {@code -} for none.
     */
    static String limits(AppPasswordRecord record) {
        Limits limits = record.limits();
        List<String> parts = new ArrayList<>();
        if (!limits.sendAs().isEmpty()) {
            parts.add("send-as " + String.join(" ", limits.sendAs()));
        }
        if (!limits.allowFrom().isEmpty()) {
            parts.add("from " + Limits.joined(limits.allowFrom()).replace(",", " "));
        }
        if (limits.maxMessagesPerDay() > 0) {
            parts.add(limits.maxMessagesPerDay() + " messages/day");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** The limits as JSON fields: {@code send_as} and {@code allow_from} arrays, {@code max_messages_per_day} or null. */
    static void putLimits(ObjectNode node, AppPasswordRecord record) {
        Limits limits = record.limits();
        ArrayNode senders = node.putArray("send_as");
        limits.sendAs().forEach(senders::add);
        ArrayNode networks = node.putArray("allow_from");
        limits.allowFrom().forEach(network -> networks.add(network.toString()));
        if (limits.maxMessagesPerDay() > 0) {
            node.put("max_messages_per_day", limits.maxMessagesPerDay());
        } else {
            node.putNull("max_messages_per_day");
        }
    }

    static ObjectNode json(AppPasswordRecord record, Instant now) {
        ObjectNode node = Json.object();
        node.put("id", record.id());
        node.put("user", record.user());
        node.put("label", record.label());
        Json.putScopes(node, record.scopes());
        Json.putInstant(node, "created_at", record.createdAt());
        Json.putInstant(node, "expires_at", record.expiresAt());
        Json.putInstant(node, "last_used_at", record.lastUsedAt());
        node.put("last_used_ip", record.lastUsedIp());
        Json.putInstant(node, "revoked_at", record.revokedAt());
        node.put("status", Status.of(record, now).wireName());
        putLimits(node, record);
        return node;
    }
}
