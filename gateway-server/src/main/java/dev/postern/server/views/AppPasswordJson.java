package dev.postern.server.views;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Limits;
import java.time.Instant;
import java.util.Locale;

/** An app password as JSON, with its status at a given instant and its limits. Never the hash. */
public final class AppPasswordJson {

    private AppPasswordJson() {
    }

    /** What a login with this app password would meet now; revoked wins over expired. */
    public enum Status {
        ACTIVE, REVOKED, EXPIRED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(AppPasswordRecord record, Instant now) {
            if (record.isRevoked()) {
                return REVOKED;
            }
            return record.isExpiredAt(now) ? EXPIRED : ACTIVE;
        }
    }

    /** The limits as JSON fields: {@code send_as} and {@code allow_from} arrays, {@code max_messages_per_day} or null. */
    public static void putLimits(ObjectNode node, AppPasswordRecord record) {
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

    public static ObjectNode json(AppPasswordRecord record, Instant now) {
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
