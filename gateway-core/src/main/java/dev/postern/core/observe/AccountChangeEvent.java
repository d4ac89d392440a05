package dev.postern.core.observe;

/**
 * A change made to an account through the admin REST API (later also the portal): who made it, from
 * where, what it was and to whom.
 *
 * @param actor         who made it, e.g. {@code api_token:provisioning} (an API token's label)
 * @param actorId       the API token's id (or the portal user), so a label reused later stays unambiguous
 * @param action        {@code user_added}, {@code user_removed}, {@code user_suspended}, {@code user_resumed},
 *                      {@code app_password_created}, {@code app_password_revoked}
 * @param appPasswordId the app password concerned, or null
 */
public record AccountChangeEvent(String actor, String actorId, String clientIp, String action, String user,
                                 String appPasswordId) {
}
