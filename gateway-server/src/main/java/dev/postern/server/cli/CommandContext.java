package dev.postern.server.cli;

import dev.postern.core.account.AccountService;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.store.CredentialStore;
import dev.postern.server.Components;
import dev.postern.server.StoreFactory;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * What an account verb works on: the loaded configuration and its own connection to the store,
 * closed when the verb ends. A running gateway may have the same SQLite file open; SQLite
 * serialises the writes and the gateway sees them at its next read.
 */
final class CommandContext implements AutoCloseable {

    private final GatewayConfig config;
    private final SecureRandom random = new SecureRandom();
    private CredentialStore store;
    private PasswordHashes hashes;

    private CommandContext(GatewayConfig config) {
        this.config = config;
    }

    /** Loads and validates the configuration; the store is opened (created if needed) on first use. */
    static CommandContext open(ConfigOption option, CliIo io) {
        return new CommandContext(option.load(io));
    }

    GatewayConfig config() {
        return config;
    }

    CredentialStore store() {
        if (store == null) {
            store = StoreFactory.open(config.store());
        }
        return store;
    }

    /** The hashing facade at the configured cost (the pepper file is read on first use). */
    PasswordHashes hashes() {
        if (hashes == null) {
            hashes = Components.passwordHashes(config);
        }
        return hashes;
    }

    AccountService accounts() {
        return new AccountService(store(), hashes(), random, InstantSource.system());
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }
}
