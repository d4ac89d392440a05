package dev.postern.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.auth.AppPasswordFormat;
import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.BoundedPool;
import dev.postern.core.auth.CachingVerifier;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.LookupTag;
import dev.postern.core.auth.VerifierSettings;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.PostgresqlConfig;
import dev.postern.core.config.Secret;
import dev.postern.core.identity.UserName;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.LastUse;
import dev.postern.core.store.Scope;
import dev.postern.core.store.postgresql.PostgresStore;
import dev.postern.core.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the store backend costs a login, SQLite next to PostgreSQL in one run ({@code gateway-bench/store.sh}
 * starts a temporary PostgreSQL and passes it in): {@link CachingVerifier#verify} as the gateway wires it,
 * on a user holding ten app passwords.
 *
 * <ul>
 * <li>{@link #warm}: the hot cache and the user's state snapshot are fresh: no store access at all (a
 *     client reconnecting within {@code auth.cache.state-refresh});
 * <li>{@link #stateReread}: the snapshot dropped first (as after a store change, or a login after more
 *     than {@code state-refresh}): one read of the user and their app passwords, then the hot cache;
 * <li>{@link #cold}: the snapshot and the hot cache dropped: the read, then one Argon2id;
 * <li>{@link #lastUseWrite}: one transaction recording one login's last use (the most a login writes;
 *     the gateway batches them).
 * </ul>
 *
 * PostgreSQL coordinates come from {@code -Dpostern.bench.postgresql.url}, {@code .user} and
 * {@code .password-file}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreBenchmark {

    static final String URL_PROPERTY = "postern.bench.postgresql.url";
    private static final String USER = "alice@example.com";
    private static final String CLIENT = "192.0.2.10";
    private static final int APP_PASSWORDS = 10;

    @Param({"sqlite", "postgresql"})
    public String backend;

    private Path folder;
    private CredentialStore store;
    private ThreadPoolExecutor hashPool;
    private ThreadPoolExecutor storePool;
    private CachingVerifier verifier;
    private LoginAttempt right;
    private String rightId;

    @Setup
    public void setUp() throws IOException {
        SecureRandom random = new SecureRandom();
        folder = Files.createTempDirectory("postern-bench");
        store = open(backend, folder);
        PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, null, random);
        InstantSource clock = InstantSource.system();
        String secret = null;
        for (int i = 0; i < APP_PASSWORDS; i++) {
            secret = AppPasswordFormat.generateCanonical(random);
            rightId = AppPasswordFormat.generateId(random);
            store.createAppPassword(new AppPasswordRecord(rightId, USER, "bench-" + i, EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3),
                    hashes.hash(secret.getBytes(UTF_8)), LookupTag.of(secret.getBytes(UTF_8)), clock.instant(), null,
                    null, null, null));
        }
        hashPool = BoundedPool.create("hash", 2, 1_024);
        storePool = BoundedPool.create("store", 4, 1_024);
        verifier = new CachingVerifier(store, hashes::verify, hashes::dummyHash, hashPool, storePool,
                VerifierSettings.defaults(), Ticker.systemTicker(), clock);
        right = new LoginAttempt(UserName.of(USER).orElseThrow(), AppPasswordFormat.display(secret), Scope.IMAP, CLIENT);
        if (!(verifier.verify(right).join() instanceof AuthResult.Success)) {
            throw new IllegalStateException("the benchmark's app password is refused on " + backend);
        }
    }

    private static CredentialStore open(String backend, Path folder) throws IOException {
        if (backend.equals("sqlite")) {
            return SqliteStore.open(folder.resolve("postern.db"));
        }
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException("backend postgresql needs -D" + URL_PROPERTY + " (gateway-bench/store.sh starts"
                    + " a temporary PostgreSQL and passes it), or run with -p backend=sqlite");
        }
        String passwordFile = System.getProperty("postern.bench.postgresql.password-file");
        Secret password = passwordFile == null ? null : new Secret(Files.readString(Path.of(passwordFile)).strip());
        PostgresStore postgres = PostgresStore.open(new PostgresqlConfig(url,
                System.getProperty("postern.bench.postgresql.user", "postgres"), password, 4));
        postgres.removeUser(USER); // a database left by an earlier run
        return postgres;
    }

    @TearDown
    public void tearDown() throws IOException {
        hashPool.shutdownNow();
        storePool.shutdownNow();
        store.removeUser(USER);
        store.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(StoreBenchmark::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hot cache and state snapshot fresh: no store access. */
    @Benchmark
    public AuthResult warm() {
        return verifier.verify(right).join();
    }

    /** The state snapshot dropped first: one store read of the user and their app passwords, then the hot cache. */
    @Benchmark
    public AuthResult stateReread() {
        verifier.forgetUserStates();
        return verifier.verify(right).join();
    }

    /** Snapshot and hot cache dropped: the store read, then one Argon2id. */
    @Benchmark
    public AuthResult cold() {
        verifier.forgetUserStates();
        verifier.hotCache().invalidateAll();
        return verifier.verify(right).join();
    }

    /** One transaction recording one use. */
    @Benchmark
    public void lastUseWrite() {
        store.recordLastUses(Map.of(rightId, new LastUse(InstantSource.system().instant(), CLIENT)));
    }
}
