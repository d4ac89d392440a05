package dev.postern.server;

import dev.postern.server.demo.Demo;

/** Registers what a gateway-server test uses with {@link dev.postern.core.testing.TestSecrets}. */
final class TestSecrets {

    private TestSecrets() {
    }

    static void registerAppPassword(String user, String password) {
        dev.postern.core.testing.TestSecrets.registerPassword(user, password);
    }

    /** The demo's app password (all its wire forms) and its upstream password. */
    static void register(Demo demo) {
        registerAppPassword(Demo.USER, demo.appPassword());
        dev.postern.core.testing.TestSecrets.registerPassword(Demo.USER, demo.upstreamPassword());
    }
}
