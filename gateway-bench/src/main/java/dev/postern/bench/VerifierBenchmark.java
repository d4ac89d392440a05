package dev.postern.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.auth.AppPasswordFormat;
import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.BoundedPool;
import dev.postern.core.auth.CachingVerifier;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.RejectReason;
import dev.postern.core.auth.VerifierSettings;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.identity.UserName;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@link CachingVerifier#verify} as the gateway wires it: a real {@link SqliteStore}
 * in a temporary folder, {@link PasswordHashes} at the default Argon2id parameters, bounded hash
 * and store pools, the system ticker and clock. One user holds one app password.
 *
 * <p>{@link #cacheHit} is the warm path (user-state snapshot from Caffeine, HMAC of the presented
 * secret, hot-cache compare; target under 5 µs). {@link #coldArgon2id} empties the hot cache first,
 * so it pays exactly one Argon2id verification on the hash pool; compare it with
 * {@link HashBenchmark#argon2idRaw} (target at most 1.2x). {@link #wrongPassword} and
 * {@link #unknownUser} are the two failure paths, each also one Argon2id.
 *
 * <p>Run: {@code java -jar gateway-bench/target/benchmarks.jar 'VerifierBenchmark|HashBenchmark.argon2idRaw'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VerifierBenchmark {

    private static final String USER = "alice@example.com";
    private static final String UNKNOWN_USER = "nobody@example.com";
    private static final String CLIENT = "192.0.2.10";
    private static final int HASH_THREADS = 2;
    private static final int STORE_THREADS = 4;
    private static final int QUEUE = 1_024;

    private Path folder;
    private SqliteStore store;
    private ThreadPoolExecutor hashPool;
    private ThreadPoolExecutor storePool;
    private CachingVerifier verifier;
    private LoginAttempt right;
    private LoginAttempt wrong;
    private LoginAttempt unknown;

    @Setup
    public void setUp() throws IOException {
        SecureRandom random = new SecureRandom();
        folder = Files.createTempDirectory("postern-bench");
        store = SqliteStore.open(folder.resolve("postern.db"));
        PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, null, random);
        String secret = AppPasswordFormat.generateCanonical(random);
        InstantSource clock = InstantSource.system();
        store.createAppPassword(new AppPasswordRecord(AppPasswordFormat.generateId(random), USER, "bench",
                EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), hashes.hash(secret.getBytes(UTF_8)),
                dev.postern.core.auth.LookupTag.of(secret.getBytes(UTF_8)), clock.instant(), null, null, null,
                null));
        hashPool = BoundedPool.create("hash", HASH_THREADS, QUEUE);
        storePool = BoundedPool.create("store", STORE_THREADS, QUEUE);
        verifier = new CachingVerifier(store, hashes::verify, hashes::dummyHash, hashPool, storePool,
                VerifierSettings.defaults(), Ticker.systemTicker(), clock);

        right = new LoginAttempt(UserName.of(USER).orElseThrow(), AppPasswordFormat.display(secret), Scope.IMAP, CLIENT);
        wrong = new LoginAttempt(UserName.of(USER).orElseThrow(), AppPasswordFormat.display(AppPasswordFormat.generateCanonical(random)),
                Scope.IMAP, CLIENT);
        unknown = new LoginAttempt(UserName.of(UNKNOWN_USER).orElseThrow(), right.password(), Scope.IMAP, CLIENT);
        expect(right, AuthResult.Success.class);
        expect(wrong, AuthResult.Rejected.class);
        if (!(verifier.verify(unknown).join() instanceof AuthResult.Rejected r && r.reason() == RejectReason.UNKNOWN_USER)) {
            throw new IllegalStateException(unknown + ": not rejected as UNKNOWN_USER");
        }
        expect(right, AuthResult.Success.class); // leaves the hot cache warm for cacheHit
    }

    private void expect(LoginAttempt attempt, Class<? extends AuthResult> expected) {
        AuthResult result = verifier.verify(attempt).join();
        if (!expected.isInstance(result)) {
            throw new IllegalStateException(attempt + ": " + result + " (expected: " + expected.getSimpleName() + ")");
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        hashPool.shutdownNow();
        storePool.shutdownNow();
        store.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(VerifierBenchmark::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The right app password, remembered: no hash, no store access (snapshot refreshed every 2 s). */
    @Benchmark
    public AuthResult cacheHit() {
        return verifier.verify(right).join();
    }

    /**
     * The right app password with the hot cache emptied first (a few µs, inside the measurement):
     * one Argon2id on the hash pool, then the hot-cache put. The user-state snapshot stays warm.
     */
    @Benchmark
    public AuthResult coldArgon2id() {
        verifier.hotCache().invalidateAll();
        return verifier.verify(right).join();
    }

    /** A wrong secret for a known user with one app password: one Argon2id, never cached. */
    @Benchmark
    public AuthResult wrongPassword() {
        return verifier.verify(wrong).join();
    }

    /** A user the store does not know: one Argon2id against the dummy hash. */
    @Benchmark
    public AuthResult unknownUser() {
        return verifier.verify(unknown).join();
    }
}
