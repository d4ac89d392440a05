package dev.postern.core.observe;

/**
 * A relayed session the gateway closed because its credential ended, as the audit log records it.
 * No field ever holds a secret.
 *
 * @param user          the normalised user the session logged in as
 * @param appPasswordId the app password it logged in with
 * @param reason        {@code revoked}, {@code expired}, {@code user_removed} or {@code suspended}
 */
public record SessionClosedEvent(String protocol, String listener, String clientIp, String user, String appPasswordId,
                                 String reason) {
}
