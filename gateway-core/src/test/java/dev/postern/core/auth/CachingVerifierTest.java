package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.identity.UserName;
import dev.postern.core.net.Cidr;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingVerifierTest {

    private static final PasswordHashes HASHES = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());
    private static final String ALICE = "alice@example.com";
    private static final String CLIENT = "192.0.2.10";

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SecureRandom random = new SecureRandom();
    private final CountingCheck check = new CountingCheck(HASHES::verify);
    private SqliteStore store;
    private ThreadPoolExecutor hashPool;
    private ThreadPoolExecutor storePool;
    private CachingVerifier verifier;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir.resolve("postern.db"));
        hashPool = BoundedPool.create("hash", 2, 64);
        storePool = BoundedPool.create("store", 2, 64);
        verifier = newVerifier(VerifierSettings.defaults());
    }

    @AfterEach
    void tearDown() {
        check.openGate();
        hashPool.shutdownNow();
        storePool.shutdownNow();
        store.close();
    }

    private CachingVerifier newVerifier(VerifierSettings settings) {
        return new CachingVerifier(store, check, HASHES::dummyHash, hashPool, storePool, settings, clock, clock);
    }

    private String issue(String user, Set<Scope> scopes, Instant expiresAt) {
        return issue(user, scopes, expiresAt, true);
    }

    /** As the admin commands do: a generated secret, tagged unless {@code tagged} is false (made before tags existed). */
    private String issue(String user, Set<Scope> scopes, Instant expiresAt, boolean tagged) {
        String secret = AppPasswordFormat.generateCanonical(random);
        dev.postern.core.testing.TestSecrets.registerPassword(user, AppPasswordFormat.display(secret));
        String tag = tagged ? LookupTag.of(secret.getBytes(StandardCharsets.UTF_8)) : null;
        store(user, secret, tag, scopes, expiresAt);
        return AppPasswordFormat.display(secret);
    }

    private String store(String user, String secret, String tag, Set<Scope> scopes, Instant expiresAt) {
        String hash = HASHES.hash(secret.getBytes(StandardCharsets.UTF_8));
        String id = AppPasswordFormat.generateId(random);
        store.createAppPassword(new AppPasswordRecord(id, user, "label-" + id, scopes, hash, tag, clock.instant(),
                expiresAt, null, null, null));
        return id;
    }

    private String guess() {
        return AppPasswordFormat.display(AppPasswordFormat.generateCanonical(random));
    }

    private String issue(String user) {
        return issue(user, EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null);
    }

    private AuthResult verify(String user, String password, Scope scope) {
        LoginAttempt attempt = new LoginAttempt(UserName.of(user).orElseThrow(), password, scope, CLIENT);
        return verifier.verify(attempt).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private AuthResult verify(String user, String password) {
        return verify(user, password, Scope.IMAP);
    }

    @Test
    void shouldAcceptTheRightAppPasswordAndNameItsId() {
        String password = issue(ALICE);

        AuthResult result = verify("  alice@EXAMPLE.com", password.toUpperCase().replace('-', ' '));

        assertThat(result).isInstanceOf(AuthResult.Success.class);
        AuthResult.Success success = (AuthResult.Success) result;
        assertThat(success.user()).isEqualTo(ALICE);
        assertThat(store.findAppPassword(success.appPasswordId())).isPresent();
    }

    @Test
    void shouldRejectAWrongPassword() {
        issue(ALICE);

        assertThat(verify(ALICE, AppPasswordFormat.display(AppPasswordFormat.generateCanonical(random))))
                .isEqualTo(new AuthResult.Rejected(RejectReason.WRONG_PASSWORD));
    }

    @Test
    void shouldPayTheSlowHashOnceThenServeFromTheHotCache() {
        String password = issue(ALICE);

        verify(ALICE, password);
        verify(ALICE, password);
        verify(ALICE, password);

        assertThat(check.calls()).isEqualTo(1);
        assertThat(verifier.hotCache().stats().hitCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldPayTheHashOnEveryLoginWhenTheCacheIsTurnedOffWithZeroEntries() {
        VerifierSettings defaults = VerifierSettings.defaults();
        verifier = newVerifier(new VerifierSettings(0, defaults.expireAfter(), defaults.stateRefresh(),
                defaults.maxPassword()));
        String password = issue(ALICE);

        assertThat(verify(ALICE, password)).isInstanceOf(AuthResult.Success.class);
        assertThat(verify(ALICE, password)).isInstanceOf(AuthResult.Success.class);
        assertThat(verify(ALICE, password)).isInstanceOf(AuthResult.Success.class);

        assertThat(check.calls()).isEqualTo(3);
        assertThat(verifier.hotCache().estimatedSize()).isZero();
    }

    @Test
    void shouldHashAgainOnceACachedCheckExpires() {
        String password = issue(ALICE);
        verify(ALICE, password);

        clock.advance(VerifierSettings.defaults().expireAfter().plusSeconds(1));

        assertThat(verify(ALICE, password)).isInstanceOf(AuthResult.Success.class);
        assertThat(check.calls()).isEqualTo(2);
    }

    @Test
    void shouldNotLetTheCacheAnswerForAnotherSecret() {
        String password = issue(ALICE);
        verify(ALICE, password);

        AuthResult other = verify(ALICE, AppPasswordFormat.display(AppPasswordFormat.generateCanonical(random)));

        assertThat(other).isEqualTo(new AuthResult.Rejected(RejectReason.WRONG_PASSWORD));
        assertThat(check.calls()).isEqualTo(2);
    }

    @Test
    void shouldSeeARevocationByAnotherProcessWithinTheStateRefresh() {
        String password = issue(ALICE);
        AuthResult.Success first = (AuthResult.Success) verify(ALICE, password);

        try (SqliteStore cli = SqliteStore.open(dir.resolve("postern.db"))) {
            cli.revokeAppPassword(first.appPasswordId(), clock.instant());
        }
        clock.advance(VerifierSettings.defaults().stateRefresh());

        assertThat(verify(ALICE, password)).isEqualTo(new AuthResult.Rejected(RejectReason.REVOKED));
        assertThat(check.calls()).as("the hot cache skipped the hash, not the state check").isEqualTo(1);
    }

    @Test
    void shouldAcceptAnAppPasswordCreatedByAnotherProcessAtOnceAlthoughTheCachedStateIsOlder() {
        String first = issue(ALICE);
        assertThat(verify(ALICE, first)).isInstanceOf(AuthResult.Success.class); // the user's state is now cached
        clock.advance(Duration.ofMillis(1));

        String created = issue(ALICE); // as the command line does, unknown to this verifier

        assertThat(verify(ALICE, created)).as("a refusal confirmed against a fresh read of the user")
                .isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void shouldAcceptTheFirstAppPasswordOfAUserCachedAsUnknownAtOnce() {
        String bob = "bob@example.com";
        assertThat(verify(bob, guess())).isEqualTo(new AuthResult.Rejected(RejectReason.UNKNOWN_USER));
        clock.advance(Duration.ofMillis(1));

        String created = issue(bob);

        assertThat(verify(bob, created)).isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void shouldConfirmARefusalFromACachedStateWithOneStoreReadAndNoSecondHashWhenNothingChanged() {
        String password = issue(ALICE);
        verify(ALICE, password);
        clock.advance(Duration.ofMillis(1));
        int before = check.calls();

        assertThat(verify(ALICE, guess())).isEqualTo(new AuthResult.Rejected(RejectReason.WRONG_PASSWORD));

        assertThat(check.calls() - before).as("hashes for one refused guess").isEqualTo(1);
    }

    @Test
    void shouldSeeAChangeMadeInThisProcessAtOnceAfterInvalidation() {
        String password = issue(ALICE);
        AuthResult.Success first = (AuthResult.Success) verify(ALICE, password);

        store.revokeAppPassword(first.appPasswordId(), clock.instant());
        verifier.invalidateUser(ALICE);

        assertThat(verify(ALICE, password)).isEqualTo(new AuthResult.Rejected(RejectReason.REVOKED));
    }

    @Test
    void shouldRefuseASuspendedUsersMatchingSecretAfterOneHashAndAcceptItOnceResumed() {
        String password = issue(ALICE);
        assertThat(verify(ALICE, password)).isInstanceOf(AuthResult.Success.class); // hot and state caches filled

        store.setSuspended(ALICE, clock.instant());
        verifier.invalidateUser(ALICE);
        int before = check.calls();

        assertThat(verify(ALICE, password)).isEqualTo(new AuthResult.Rejected(RejectReason.SUSPENDED));
        assertThat(verify(ALICE, guess())).isEqualTo(new AuthResult.Rejected(RejectReason.WRONG_PASSWORD));
        assertThat(check.calls() - before).as("one hash each, as for any other refusal").isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        try (SqliteStore cli = SqliteStore.open(dir.resolve("postern.db"))) {
            cli.setSuspended(ALICE, null); // another process: this verifier is not told
        }

        assertThat(verify(ALICE, password)).as("a refusal for suspension rests on no stale state")
                .isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void shouldRejectAnExpiredAppPasswordEvenWhenCached() {
        String password = issue(ALICE, EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), clock.instant().plus(Duration.ofDays(1)));
        assertThat(verify(ALICE, password)).isInstanceOf(AuthResult.Success.class);

        clock.advance(Duration.ofDays(1));

        assertThat(verify(ALICE, password)).isEqualTo(new AuthResult.Rejected(RejectReason.EXPIRED));
    }

    @Test
    void shouldRequireTheScope() {
        String password = issue(ALICE, EnumSet.of(Scope.SMTP), null);

        assertThat(verify(ALICE, password, Scope.IMAP)).isEqualTo(new AuthResult.Rejected(RejectReason.OUT_OF_SCOPE));
        assertThat(verify(ALICE, password, Scope.SMTP)).isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void shouldAcceptReadOnlyImapWhereImapIsNeededAndSayWhichScopesItHas() {
        String password = issue(ALICE, EnumSet.of(Scope.IMAP_READ), null);

        AuthResult result = verify(ALICE, password, Scope.IMAP);

        assertThat(result).isInstanceOf(AuthResult.Success.class);
        assertThat(((AuthResult.Success) result).scopes()).containsExactly(Scope.IMAP_READ);
        assertThat(verify(ALICE, password, Scope.SMTP)).isEqualTo(new AuthResult.Rejected(RejectReason.OUT_OF_SCOPE));
    }

    @Test
    void shouldRefuseAMatchingSecretFromOutsideItsNetworksEvenWhenCachedAndCarryTheLimits() {
        Limits limits = new Limits(List.of(Limits.SELF), List.of(Cidr.parse("192.0.2.0/24")), 10);
        String secret = AppPasswordFormat.generateCanonical(random);
        dev.postern.core.testing.TestSecrets.registerPassword(ALICE, AppPasswordFormat.display(secret));
        String id = AppPasswordFormat.generateId(random);
        store.createAppPassword(new AppPasswordRecord(id, ALICE, "scanner", EnumSet.of(Scope.SMTP),
                HASHES.hash(secret.getBytes(StandardCharsets.UTF_8)), LookupTag.of(secret.getBytes(StandardCharsets.UTF_8)),
                clock.instant(), null, null, null, null, limits));
        String password = AppPasswordFormat.display(secret);

        AuthResult inside = verify(ALICE, password, Scope.SMTP);
        AuthResult outside = verifier.verify(new LoginAttempt(UserName.of(ALICE).orElseThrow(), password, Scope.SMTP,
                "198.51.100.7")).join();
        AuthResult ipv6 = verifier.verify(new LoginAttempt(UserName.of(ALICE).orElseThrow(), password, Scope.SMTP,
                "2001:db8::7")).join();

        assertThat(inside).isEqualTo(new AuthResult.Success(ALICE, id, EnumSet.of(Scope.SMTP), limits, 0));
        assertThat(outside).isEqualTo(new AuthResult.Rejected(RejectReason.SOURCE_NOT_ALLOWED));
        assertThat(ipv6).isEqualTo(new AuthResult.Rejected(RejectReason.SOURCE_NOT_ALLOWED));
    }

    @Test
    void shouldCheckAnUnknownUserAgainstOneDummyHashOfTheDefaultScheme() {
        AuthResult result = verify("nobody@example.com", "whatever-password");

        assertThat(result).isEqualTo(new AuthResult.Rejected(RejectReason.UNKNOWN_USER));
        assertThat(check.verifiedHashes).containsExactly(HASHES.dummyHash());
        assertThat(HASHES.dummyHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void shouldCostAWrongPasswordOneVerificationOfTheSameSchemeAsAnUnknownUser() {
        issue(ALICE);

        verify(ALICE, "wrong-password");
        verify("nobody@example.com", "wrong-password");

        assertThat(check.verifiedHashes).hasSize(2);
        assertThat(check.verifiedHashes).allMatch(h -> h.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    @Test
    void shouldCollapseConcurrentColdChecksOfOneSecretIntoOneHash() {
        String password = issue(ALICE);
        check.closeGate();

        List<CompletableFuture<AuthResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(verifier.verify(new LoginAttempt(UserName.of(ALICE).orElseThrow(), password, Scope.IMAP, CLIENT)));
        }
        check.openGate();

        assertThat(results).allSatisfy(f ->
                assertThat(f.orTimeout(30, TimeUnit.SECONDS).join()).isInstanceOf(AuthResult.Success.class));
        assertThat(check.calls()).isEqualTo(1);
    }

    @Test
    void shouldHashAgainForACheckThatStartsAsTheSameColdCheckFinishes() {
        issue(ALICE);
        LoginAttempt wrong = new LoginAttempt(UserName.of(ALICE).orElseThrow(), "wrong-password", Scope.IMAP, CLIENT);
        Queue<Runnable> hashTasks = new ArrayDeque<>();
        verifier = new CachingVerifier(store, check, HASHES::dummyHash, hashTasks::add, Runnable::run,
                VerifierSettings.defaults(), clock, clock);
        CompletableFuture<AuthResult> first = verifier.verify(wrong);
        CompletableFuture<CompletableFuture<AuthResult>> second = first.thenApply(result -> verifier.verify(wrong));

        hashTasks.remove().run();

        assertThat(hashTasks).as("the second check was not served the first one's finished result").hasSize(1);
        hashTasks.remove().run();
        assertThat(second.join().join()).isEqualTo(new AuthResult.Rejected(RejectReason.WRONG_PASSWORD));
        assertThat(check.calls()).isEqualTo(2);
    }

    @Test
    void shouldAnswerUnavailableRatherThanWaitWhenTheHashPoolIsFull() throws Exception {
        hashPool.shutdownNow();
        hashPool = BoundedPool.create("hash", 1, 1);
        verifier = newVerifier(VerifierSettings.defaults());
        issue(ALICE);
        check.closeGate();

        CompletableFuture<AuthResult> running = verifier.verify(
                new LoginAttempt(UserName.of(ALICE).orElseThrow(), "guess-1", Scope.IMAP, CLIENT));
        assertThat(check.entered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<AuthResult> queued = verifier.verify(
                new LoginAttempt(UserName.of(ALICE).orElseThrow(), "guess-2", Scope.IMAP, CLIENT));
        AuthResult refused = verify(ALICE, "guess-3");

        assertThat(refused).isEqualTo(new AuthResult.Unavailable("hash pool saturated"));
        check.openGate();
        assertThat(running.join()).isInstanceOf(AuthResult.Rejected.class);
        assertThat(queued.join()).isInstanceOf(AuthResult.Rejected.class);
    }

    @Test
    void shouldAnswerUnavailableWhenTheStoreIsUnreachable() {
        store.close();

        assertThat(verify(ALICE, "anything")).isEqualTo(new AuthResult.Unavailable("store unavailable"));
        assertThat(check.calls()).isZero();
    }

    @Test
    void shouldRefuseAnOversizedPasswordBeforeAnyHashing() {
        issue(ALICE);

        assertThat(verify(ALICE, "x".repeat(VerifierSettings.DEFAULT_MAX_PASSWORD + 1)))
                .isEqualTo(new AuthResult.Rejected(RejectReason.MALFORMED));
        assertThat(check.calls()).isZero();
    }

    @Test
    void shouldFindTheMatchingOneAmongSeveralAppPasswords() {
        issue(ALICE);
        String second = issue(ALICE);
        issue(ALICE);

        assertThat(verify(ALICE, second)).isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void shouldRecordTheLastUseOffTheEventLoop() throws Exception {
        String password = issue(ALICE);
        AuthResult.Success success = (AuthResult.Success) verify(ALICE, password);

        storePool.shutdown();
        assertThat(storePool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        AppPasswordRecord record = store.findAppPassword(success.appPasswordId()).orElseThrow();
        assertThat(record.lastUsedIp()).isEqualTo(CLIENT);
        assertThat(record.lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void shouldCostEveryRefusedGuessOneHashWhetherTheUserIsUnknownOrHoldsOneOrTenAppPasswords() {
        String one = "one@example.com";
        String ten = "ten@example.com";
        issue(one);
        for (int i = 0; i < 10; i++) {
            issue(ten);
        }

        for (String user : List.of("nobody@example.com", one, ten)) {
            int before = check.calls();
            assertThat(verify(user, guess())).isInstanceOf(AuthResult.Rejected.class);
            assertThat(verify(user, "not-a-generated-secret")).isInstanceOf(AuthResult.Rejected.class);
            assertThat(check.calls() - before).as("hashes for two refused guesses against " + user).isEqualTo(2);
        }
        assertThat(check.verifiedHashes).containsOnly(HASHES.dummyHash());
    }

    @Test
    void shouldCompareTheRightSecretWithTheOneAppPasswordWhoseTagMatches() {
        String password = null;
        for (int i = 0; i < 10; i++) {
            String issued = issue(ALICE);
            password = i == 7 ? issued : password;
        }

        assertThat(verify(ALICE, password)).isInstanceOf(AuthResult.Success.class);
        assertThat(check.calls()).isEqualTo(1);
        assertThat(check.verifiedHashes).doesNotContain(HASHES.dummyHash());
    }

    @Test
    void shouldTagAnAppPasswordMadeBeforeTagsAtItsFirstSuccessfulLoginSoGuessesCostOneHashAgain() throws Exception {
        issue(ALICE);
        String old = issue(ALICE, EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null, false);
        assertThat(verify(ALICE, guess())).isInstanceOf(AuthResult.Rejected.class);
        assertThat(check.calls()).as("an untagged app password is a candidate for every guess").isEqualTo(1);

        AuthResult.Success success = (AuthResult.Success) verify(ALICE, old);
        storePool.shutdown();
        assertThat(storePool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        storePool = BoundedPool.create("store", 2, 64);
        verifier = newVerifier(VerifierSettings.defaults());

        assertThat(store.findAppPassword(success.appPasswordId()).orElseThrow().lookupTag())
                .isEqualTo(LookupTag.of(AppPasswordFormat.canonicalOrAsTyped(old).getBytes(StandardCharsets.UTF_8)));
        int before = check.calls();
        assertThat(verify(ALICE, guess())).isInstanceOf(AuthResult.Rejected.class);
        assertThat(check.calls() - before).isEqualTo(1);
        assertThat(check.verifiedHashes.get(check.calls() - 1)).isEqualTo(HASHES.dummyHash());
        assertThat(verify(ALICE, old)).isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void shouldSayWhichUpstreamCredentialCountTheCheckRead() throws Exception {
        String password = issue(ALICE, EnumSet.of(Scope.IMAP), null);
        assertThat(((AuthResult.Success) verify(ALICE, password)).credentialVersion()).isZero();

        store.setUpstreamPassword(ALICE, new byte[] {1, 2, 3}); // what `users set-upstream-password` stores
        verifier.invalidateUser(ALICE);

        assertThat(((AuthResult.Success) verify(ALICE, password)).credentialVersion()).isEqualTo(1);
    }

    @Test
    void shouldKeepAnImportedLegacyPasswordWorkingAndNeverTagIt() throws Exception {
        String legacy = "correct horse battery staple";
        dev.postern.core.testing.TestSecrets.registerPassword(ALICE, legacy);
        String id = store(ALICE, legacy, null, EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null);

        assertThat(verify(ALICE, legacy)).isEqualTo(new AuthResult.Success(ALICE, id,
                EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), Limits.NONE, 0));
        storePool.shutdown();
        assertThat(storePool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(store.findAppPassword(id).orElseThrow().lookupTag()).isNull();
    }
}
