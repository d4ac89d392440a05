package dev.postern.server.views;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.store.UserRecord;

/** A user as JSON: name, creation, active app passwords, upstream credential, state, and the upstream consent. */
public final class UserJson {

    private UserJson() {
    }

    /**
     * @param activeAppPasswords how many of the user's app passwords are active now
     * @param withConnection     whether to add the upstream consent ({@code upstream}, {@code connected_at}...), when
     *                           users connect their mailbox themselves
     */
    public static ObjectNode json(UserRecord user, int activeAppPasswords, boolean withConnection) {
        ObjectNode node = Json.object();
        node.put("user", user.name());
        Json.putInstant(node, "created_at", user.createdAt());
        node.put("active_app_passwords", activeAppPasswords);
        node.put("upstream_password", user.hasUpstreamPassword());
        node.put("state", user.isSuspended() ? "suspended" : "active");
        Json.putInstant(node, "suspended_at", user.suspendedAt());
        if (withConnection) {
            putConnection(node, user.connection());
        }
        return node;
    }

    /** {@code upstream}: connected, not_connected or needs_reconnect; when, and why it must be made again. */
    private static void putConnection(ObjectNode node, UserRecord.Connection connection) {
        node.put("upstream", connection == null ? "not_connected" : connection.needsReconnect() ? "needs_reconnect"
                : "connected");
        Json.putInstant(node, "connected_at", connection == null ? null : connection.connectedAt());
        Json.putInstant(node, "needs_reconnect_since", connection == null ? null : connection.needsReconnectSince());
        if (connection == null || connection.needsReconnectReason() == null) {
            node.putNull("needs_reconnect_reason");
        } else {
            node.put("needs_reconnect_reason", connection.needsReconnectReason());
        }
    }
}
