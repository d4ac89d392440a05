package dev.postern.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.TestSecrets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every change the account service makes is told, with the normalised user name. */
class AccountServiceTest {

    private static final String UPSTREAM_PASSWORD = "upstream-Secret-for-dave";

    @TempDir
    Path dir;

    private SqliteStore store;
    private final List<String> told = new ArrayList<>();
    private AccountService accounts;

    @BeforeEach
    void open() {
        TestSecrets.register(UPSTREAM_PASSWORD);
        store = SqliteStore.open(dir.resolve("postern.db"));
        accounts = new AccountService(store, new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom()),
                new SecureRandom(), InstantSource.system(), told::add);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldTellEachCreationRevocationAndUpstreamPasswordWithTheNormalisedName() throws Exception {
        AccountService.Created created = accounts.create("Dave@Example.TEST", "laptop", EnumSet.of(Scope.IMAP), null);
        TestSecrets.registerPassword("dave@example.test", created.password());
        accounts.revoke(created.record().id());
        SecretSealer sealer = SecretSealer.fromKeyFile(keyFile());
        accounts.setUpstreamPassword("dave@example.test", UPSTREAM_PASSWORD, sealer);

        assertThat(told).containsExactly("dave@example.test", "dave@example.test", "dave@example.test");
    }

    @Test
    void shouldTellTheAdditionAndTheRemovalOfAUser() {
        accounts.addUser("erin@example.test");

        accounts.removeUser("ERIN@example.test");

        assertThat(told).containsExactly("erin@example.test", "erin@example.test");
        assertThat(store.findUser("erin@example.test")).isEmpty();
    }

    private Path keyFile() throws Exception {
        Path file = dir.resolve("upstream.key");
        SecretSealer.createKeyFile(file, new SecureRandom());
        return file;
    }
}
