package dev.postern.core.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the gateway sends notifications ({@code notifications}): today one webhook, POSTed a JSON
 * event when an app password logs in from a network it was never used from. The URL may carry a
 * token (chat services put one in the path), so it is treated like a secret: messages show only
 * its scheme, host and port.
 *
 * @param webhookUrl    where events are POSTed; empty when no webhook is configured
 * @param webhookSecret when present, each POST carries {@code X-Postern-Signature: sha256=<HMAC-SHA256 of the body,
 *                      hex>} under this key, so the receiver can tell Postern's events from forged ones
 */
public record NotificationsConfig(Optional<URI> webhookUrl, Optional<Secret> webhookSecret) {

    static final String SECTION = "notifications";
    static final String WEBHOOK_URL = "webhook-url";
    static final String WEBHOOK_SECRET_FILE = "webhook-secret-file";
    static final String[] KEYS = {WEBHOOK_URL, WEBHOOK_SECRET_FILE};
    static final String URL_EXPECTED = "expected an https URL with a host, such as https://alerts.example.com/postern"
            + " (http only on a loopback address)";

    /** No webhook. */
    public static NotificationsConfig none() {
        return new NotificationsConfig(Optional.empty(), Optional.empty());
    }

    static NotificationsConfig bind(ConfigReader section) {
        if (!section.isPresent()) {
            return none();
        }
        int mark = section.problems().count();
        URI url = section.has(WEBHOOK_URL) ? section.webUrl(WEBHOOK_URL, URL_EXPECTED, true, true) : null;
        Secret secret = section.has(WEBHOOK_SECRET_FILE)
                ? section.secretFile(WEBHOOK_SECRET_FILE, true, "the key the webhook's signatures are made with") : null;
        if (secret != null && url == null && section.problems().count() == mark) {
            section.problem(WEBHOOK_SECRET_FILE, section.path(WEBHOOK_SECRET_FILE).toString(),
                    "a signing key without " + section.pathOf(WEBHOOK_URL) + "; set the URL or remove the key");
        }
        if (section.problems().count() > mark) {
            return none();
        }
        return new NotificationsConfig(Optional.ofNullable(url), Optional.ofNullable(secret));
    }

    /** Scheme, host and port of {@code url}: what may be shown of it. */
    public static String shown(URI url) {
        return ConfigReader.origin(url);
    }

}
