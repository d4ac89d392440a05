package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A portal sign-in under way: what the browser that started it must bring back from the provider.
 * Kept in the store (so the provider may send the browser back to any gateway of the store) and
 * taken once: a {@code state} is good for one callback.
 *
 * @param idHash       SHA-256 (hex) of the id in the browser's sign-in cookie; the id itself is never stored
 * @param state        the OAuth 2.0 {@code state} sent to the provider
 * @param nonce        the OpenID Connect {@code nonce} the ID token must carry
 * @param codeVerifier the PKCE code verifier
 * @param reauth       whether the sign-in was asked for with {@code max_age} (to create an app password)
 * @param createdAt    when it started
 */
public record PortalSignIn(String idHash, String state, String nonce, String codeVerifier, boolean reauth,
                           Instant createdAt) {

    public PortalSignIn {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Without the state, nonce and code verifier. */
    @Override
    public String toString() {
        return "PortalSignIn[reauth=" + reauth + ", createdAt=" + createdAt + "]";
    }
}
