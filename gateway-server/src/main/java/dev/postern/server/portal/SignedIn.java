package dev.postern.server.portal;

import java.time.Instant;
import java.util.Objects;

/**
 * A person the provider signed in and the portal accepted.
 *
 * @param user     the mail user, normalised
 * @param authTime when they authenticated at the provider
 */
record SignedIn(String user, Instant authTime) {

    SignedIn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(authTime, "authTime");
    }
}
