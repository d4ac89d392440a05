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
    void shouldTellASuspensionAndAResumptionButNotARefusedOne() {
        accounts.addUser("erin@example.test");
        told.clear();

        accounts.suspend("Erin@Example.TEST");
        Throwable twice = org.assertj.core.api.Assertions.catchThrowable(() -> accounts.suspend("erin@example.test"));
        accounts.resume("erin@example.test");
        Throwable notSuspended = org.assertj.core.api.Assertions.catchThrowable(() -> accounts.resume("erin@example.test"));
        Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(() -> accounts.suspend("nobody@example.test"));

        assertThat(told).containsExactly("erin@example.test", "erin@example.test");
        assertThat(twice).isInstanceOf(dev.postern.core.store.StoreConflictException.class)
                .hasMessageStartingWith("user erin@example.test is already suspended (since ");
        assertThat(notSuspended).hasMessage("user erin@example.test is not suspended");
        assertThat(unknown).hasMessage(AccountService.unknownUser("nobody@example.test"));
        assertThat(store.findUser("erin@example.test").orElseThrow().isSuspended()).isFalse();
    }

    @Test
    void shouldTellAConsentAndANeededReconnectionButNotARotationOrAStaleMark() throws Exception {
        String refreshToken = "refresh-Token-of-frank-1";
        String rotated = "refresh-Token-of-frank-2";
        TestSecrets.register(refreshToken);
        TestSecrets.register(rotated);
        SecretSealer sealer = SecretSealer.fromKeyFile(keyFile());
        accounts.addUser("frank@example.test");
        told.clear();

        accounts.connectUpstream("Frank@Example.TEST", refreshToken, sealer);
        long version = store.upstreamConnection("frank@example.test").orElseThrow().version();
        boolean rotatedStored = accounts.rotateRefreshToken("frank@example.test", version, rotated, sealer);
        boolean staleMark = accounts.markNeedsReconnect("frank@example.test", version, "invalid_grant");
        boolean mark = accounts.markNeedsReconnect("frank@example.test", version + 1, "invalid_grant: " + "x".repeat(600));

        assertThat(rotatedStored).isTrue();
        assertThat(staleMark).isFalse();
        assertThat(mark).isTrue();
        assertThat(told).containsExactly("frank@example.test", "frank@example.test");
        assertThat(new String(sealer.open(store.upstreamConnection("frank@example.test").orElseThrow()
                .sealedRefreshToken(), "frank@example.test"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(rotated);
        assertThat(store.findUser("frank@example.test").orElseThrow().connection().needsReconnectReason())
                .hasSize(AccountService.MAX_RECONNECT_REASON);
    }

    @Test
    void shouldRefuseToConnectAnUnknownUserWithTheMessageOfTheUpstreamPassword() throws Exception {
        SecretSealer sealer = SecretSealer.fromKeyFile(keyFile());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.connectUpstream("gina@example.test", "r-token-1",
                        sealer))
                .isInstanceOf(dev.postern.core.store.StoreConflictException.class)
                .hasMessage("unknown user gina@example.test; add it first with: postern users add gina@example.test");
        assertThat(told).isEmpty();
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
