package dev.postern.core.upstream;

import java.util.Objects;

/**
 * Whom the upstream login is for: the normalised user, the credential Postern logs in with, and
 * the client's address (forwarded upstream when configured).
 */
public record UpstreamIdentity(String user, UpstreamCredential credential, String clientIp, int clientPort) {
    public UpstreamIdentity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(clientIp, "clientIp");
    }
}
