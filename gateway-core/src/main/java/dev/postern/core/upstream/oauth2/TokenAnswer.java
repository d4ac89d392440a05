package dev.postern.core.upstream.oauth2;

import java.util.Objects;

/**
 * A successful token response: the access token, and what else came with it. {@link #toString()}
 * shows none of them.
 *
 * @param accessToken  the access token and its lifetime
 * @param refreshToken a refresh token (a new consent's, or the one an old one was rotated to), or null
 * @param idToken      an OpenID Connect ID token (a JWT naming the account that consented), or null
 */
record TokenAnswer(IssuedToken accessToken, String refreshToken, String idToken) {

    TokenAnswer {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        return "TokenAnswer[" + accessToken + (refreshToken == null ? "" : ", refresh token ****")
                + (idToken == null ? "" : ", ID token") + "]";
    }
}
