package dev.postern.core.observe;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.store.Activity;
import java.net.InetAddress;

/**
 * Told of the logins the gateway decides: each accepted one once it is handed off to the upstream
 * (new-source alerts), and each verdict about a known user as a line of their activity. Called on
 * the connection's event loop: an implementation must not block it.
 */
public interface LoginWatch {

    /** Nobody is told. */
    LoginWatch NONE = new LoginWatch() {
    };

    /** A login was accepted and its session started. */
    default void loggedIn(String protocol, AuthResult.Success login, InetAddress client) {
    }

    /** A login of a known user was accepted or refused (its {@code label} is null). */
    default void attempted(Activity line) {
    }

    /** Tells {@code first}, then {@code second}. */
    static LoginWatch both(LoginWatch first, LoginWatch second) {
        return new LoginWatch() {
            @Override
            public void loggedIn(String protocol, AuthResult.Success login, InetAddress client) {
                first.loggedIn(protocol, login, client);
                second.loggedIn(protocol, login, client);
            }

            @Override
            public void attempted(Activity line) {
                first.attempted(line);
                second.attempted(line);
            }
        };
    }
}
