package dev.postern.core.auth;

import dev.postern.core.identity.UserName;
import dev.postern.core.store.Scope;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One presented credential, its user name already normalised. {@code password} is a secret: never log it, never put it in an
 * exception message; {@link #toString()} hides it.
 */
public record LoginAttempt(UserName user, String password, Scope scope, String clientAddress) {

    public LoginAttempt {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** The client's address as an {@link InetAddress}; null when {@code clientAddress} is not an IP literal. */
    public InetAddress source() {
        return NetUtil.createInetAddressFromIpAddressString(clientAddress);
    }

    @Override
    public String toString() {
        return "LoginAttempt[user=" + user + ", scope=" + scope.wireName() + ", client=" + clientAddress + "]";
    }
}
