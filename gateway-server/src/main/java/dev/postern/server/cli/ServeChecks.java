package dev.postern.server.cli;

import dev.postern.core.config.GatewayConfig;
import dev.postern.core.config.ProtocolConfig;
import dev.postern.core.config.UpstreamAuthConfig;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.postgresql.PostgresStore;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.tls.ReloadableServerTls;
import dev.postern.core.upstream.oauth2.BearerTokens;
import dev.postern.server.Components;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code serve} checks in a loaded configuration before it starts anything, shared with
 * {@code check-config}: at least one front, every file it will read is usable (pepper, sealing key,
 * listener certificate and key, upstream trust), and an existing store file is not one that opening
 * would refuse (written by a newer Postern, or user names that differ only in case); the store is
 * only read for that, never created or migrated. Each problem is one line naming the key.
 */
final class ServeChecks {

    static final String NOTHING_TO_SERVE = "none of imap, smtp and pop3 is configured (expected at least one; "
            + "without them only the admin verbs work)";

    private ServeChecks() {
    }

    /** Every problem found, in file order; empty when {@code serve} can start. */
    static List<String> problems(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        if (!config.hasFronts()) {
            problems.add(config.source() + ": " + NOTHING_TO_SERVE);
        }
        if (config.tls() != null) {
            check(problems, "tls", () -> new ReloadableServerTls(config.tls().certificate(), config.tls().privateKey()));
        }
        check(problems, null, () -> Components.passwordHashes(config));
        config.protocols().forEach((name, protocol) -> upstream(problems, name + ".upstream", protocol));
        UpstreamAuthConfig auth = config.upstreamAuth();
        if (auth != null && auth.keyFile() != null) {
            check(problems, "upstream-auth.key-file", () -> SecretSealer.fromKeyFile(auth.keyFile()));
        }
        if (auth != null && auth.oauth2() != null) {
            check(problems, "upstream-auth.oauth2", () -> {
                BearerTokens.check(auth.oauth2());
                return null;
            });
        }
        if (config.store().sqlite() != null) {
            SqliteStore.refusal(config.store().sqlite()).ifPresent(problems::add);
        } else {
            PostgresStore.refusal(config.store().postgresql()).ifPresent(problems::add);
        }
        return List.copyOf(problems);
    }

    private static void upstream(List<String> problems, String key, ProtocolConfig protocol) {
        check(problems, key, () -> Components.endpoint(protocol.upstream()));
    }

    /** Runs one check; a failure becomes a problem line, prefixed by {@code key} unless its message names it. */
    private static void check(List<String> problems, String key, Supplier<?> attempt) {
        try {
            attempt.get();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            problems.add(key == null || message.startsWith(key) ? message : key + ": " + message);
        }
    }
}
