/**
 * The self-service pages on the portal listener (everything outside {@code /api/}): users sign in
 * with the organisation's OpenID Connect provider (authorization code flow with PKCE, {@code state} and
 * {@code nonce}, the ID token validated by Nimbus), then see, create and revoke their own app
 * passwords (with an Apple configuration profile for a new one), and connect their mailbox where the
 * upstream takes each user's own OAuth2 consent. Sessions and sign-ins under way live in the store (several gateways share them), behind
 * {@code __Host-} cookies; every form carries the session's CSRF token; pages are rendered on the
 * server with every value escaped, and run on the portal pool, never on an event loop (store,
 * hashing, HTTP to the provider). Every change goes through the account service and the audit log
 * with actor {@code portal:<user>}.
 */
package dev.postern.server.portal;
