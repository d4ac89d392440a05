package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.identity.UserName;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier tells its observer, per verdict, whether the hot cache or a hash answered and how long it took. */
class CachingVerifierObserverTest {

    private static final PasswordHashes HASHES = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());
    private static final String ALICE = "alice@example.com";
    private static final Duration HASH_TIME = Duration.ofMillis(250);

    record Report(Scope scope, boolean cacheHit, long nanos) {
    }

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SecureRandom random = new SecureRandom();
    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private SqliteStore store;
    private ThreadPoolExecutor hashPool;
    private ThreadPoolExecutor storePool;
    private CachingVerifier verifier;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir.resolve("postern.db"));
        hashPool = BoundedPool.create("hash", 1, 8);
        storePool = BoundedPool.create("store", 1, 8);
        PasswordCheck slowHash = (secret, hash) -> {
            clock.advance(HASH_TIME);
            return HASHES.verify(secret, hash);
        };
        verifier = new CachingVerifier(store, slowHash, HASHES::dummyHash, hashPool, storePool,
                VerifierSettings.defaults(), clock, clock,
                (scope, cacheHit, nanos) -> reports.add(new Report(scope, cacheHit, nanos)));
    }

    @AfterEach
    void tearDown() {
        hashPool.shutdownNow();
        storePool.shutdownNow();
        store.close();
    }

    private String issue() {
        String secret = AppPasswordFormat.generateCanonical(random);
        String id = AppPasswordFormat.generateId(random);
        store.createAppPassword(new AppPasswordRecord(id, ALICE, "phone", EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3),
                HASHES.hash(secret.getBytes(StandardCharsets.UTF_8)),
                LookupTag.of(secret.getBytes(StandardCharsets.UTF_8)), clock.instant(), null, null, null, null));
        return AppPasswordFormat.display(secret);
    }

    private AuthResult verify(String password, Scope scope) {
        LoginAttempt attempt = new LoginAttempt(UserName.of(ALICE).orElseThrow(), password, scope, "192.0.2.10");
        return verifier.verify(attempt).orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void shouldReportAHashFirstThenACacheHitWithTheirDurations() {
        String password = issue();

        verify(password, Scope.IMAP);
        verify(password, Scope.SMTP);

        assertThat(reports).containsExactly(
                new Report(Scope.IMAP, false, HASH_TIME.toNanos()),
                new Report(Scope.SMTP, true, 0));
    }

    @Test
    void shouldReportARejectedPasswordAsAHash() {
        issue();

        AuthResult result = verify(AppPasswordFormat.display(AppPasswordFormat.generateCanonical(random)), Scope.IMAP);

        assertThat(result).isEqualTo(new AuthResult.Rejected(RejectReason.WRONG_PASSWORD));
        assertThat(reports).containsExactly(new Report(Scope.IMAP, false, HASH_TIME.toNanos()));
    }

    @Test
    void shouldReportNothingForAPasswordRefusedBeforeAnyCheck() {
        AuthResult result = verify("", Scope.IMAP);

        assertThat(result).isEqualTo(new AuthResult.Rejected(RejectReason.MALFORMED));
        assertThat(reports).isEmpty();
    }
}
