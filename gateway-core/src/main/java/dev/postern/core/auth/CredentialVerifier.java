package dev.postern.core.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Checks a presented credential. Implementations never block the calling thread: slow work
 * (hashing, JDBC) runs on bounded executors and the future completes there. The future never
 * completes exceptionally; trouble is {@link AuthResult.Unavailable}.
 */
public interface CredentialVerifier {

    CompletableFuture<AuthResult> verify(LoginAttempt attempt);
}
