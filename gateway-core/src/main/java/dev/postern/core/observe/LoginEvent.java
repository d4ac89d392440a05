package dev.postern.core.observe;

/**
 * One login attempt as the audit log records it. {@code userAsTyped} is untrusted client input and
 * is escaped when written; no field ever holds a secret.
 *
 * @param outcome        {@code success}, {@code rejected} or {@code unavailable}
 * @param reason         why it was refused or unavailable (a {@code RejectReason} label, an upstream failure kind...), or null
 * @param appPasswordId  the matched app password's id, or null
 * @param checkMillis    time spent checking the credential (cache or hash)
 * @param upstreamMillis time spent connecting and logging in upstream (0 if not attempted)
 */
public record LoginEvent(String protocol, String listener, String clientIp, String userAsTyped, String mechanism,
                         String outcome, String reason, String appPasswordId, long checkMillis, long upstreamMillis) {
}
