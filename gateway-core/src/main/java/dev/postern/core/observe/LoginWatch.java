package dev.postern.core.observe;

import dev.postern.core.auth.AuthResult;
import java.net.InetAddress;

/**
 * Told of every login the gateway accepted and handed off to the upstream (new-source alerts). Called
 * on the connection's event loop: an implementation must not block it.
 */
@FunctionalInterface
public interface LoginWatch {

    /** Nobody is told. */
    LoginWatch NONE = (protocol, login, client) -> {
    };

    void loggedIn(String protocol, AuthResult.Success login, InetAddress client);
}
