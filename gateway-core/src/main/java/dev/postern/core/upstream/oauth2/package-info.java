/**
 * OAuth2 bearer tokens for the upstream login ({@code upstream-auth.mode: oauth2}): the grants that
 * obtain them (client credentials with a secret or a certificate, JWT bearer with a
 * service-account key, refresh token from each user's own consent, read, rotated and marked in the
 * store on the store pool), the token endpoint they are asked of (Nimbus {@code oauth2-oidc-sdk},
 * on a bounded pool, never on an event loop), and the cache that hands one token to many logins,
 * fetches it once for concurrent logins and renews it before it expires. Sits beside the other
 * {@link dev.postern.core.upstream.UpstreamCredentials}: the login flow asks it for a credential
 * after the app password was accepted and before the upstream connection is made. Also the
 * consent itself ({@link dev.postern.core.upstream.oauth2.UpstreamConsent}: the authorization code
 * flow with PKCE, or the device authorization grant), which {@code postern users connect} runs.
 */
package dev.postern.core.upstream.oauth2;
