package dev.postern.server.views;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.store.Activity;

/** One line of a user's activity as JSON: when, from where, over what, accepted or why refused, with which app password. */
public final class ActivityJson {

    private ActivityJson() {
    }

    public static ObjectNode json(Activity line) {
        ObjectNode node = Json.object();
        Json.putInstant(node, "at", line.at());
        node.put("protocol", line.protocol());
        node.put("client_ip", line.clientIp());
        node.put("outcome", line.outcome());
        node.put("reason", line.reason());
        node.put("app_password_id", line.appPasswordId());
        node.put("app_password_label", line.label());
        return node;
    }
}
