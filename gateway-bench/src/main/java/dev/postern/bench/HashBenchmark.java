package dev.postern.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one cold password check (no cache) per stored-hash scheme. {@link #argon2idRaw} is the
 * bare BouncyCastle call at the same parameters, the yardstick for the target that
 * {@link #argon2idVerify} stays within 1.2x of it; {@link #argon2idParseOnly} isolates the difference.
 *
 * <p>Run: {@code java -jar gateway-bench/target/benchmarks.jar HashBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HashBenchmark {

    private static final int BCRYPT_COST = 10;
    private static final int TAG_BYTES = 32;

    private final byte[] secret = "k7mq2-x9vtp-4hzwd-rc8ne-j3yfb-q6gsa".getBytes(US_ASCII);

    private PasswordHashes hashes;
    private String argon2idHash;
    private String bcryptHash;
    private String hmacHash;
    private Argon2Parameters rawParameters;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] pepper = new byte[32];
        random.nextBytes(pepper);
        hashes = new PasswordHashes(Argon2Params.DEFAULT, pepper, random);
        argon2idHash = hashes.hash(secret);
        hmacHash = hashes.hashHmac(secret);

        byte[] bcryptSalt = new byte[16];
        random.nextBytes(bcryptSalt);
        bcryptHash = OpenBSDBCrypt.generate("2b", secret, bcryptSalt, BCRYPT_COST);

        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Argon2Params p = Argon2Params.DEFAULT;
        rawParameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(p.memoryKib())
            .withIterations(p.iterations())
            .withParallelism(p.parallelism())
            .withSalt(salt)
            .build();
    }

    /** Argon2id m=19456,t=2,p=1 through the facade: dispatch, PHC parsing, hash, constant-time compare. */
    @Benchmark
    public boolean argon2idVerify() {
        return hashes.verify(secret, argon2idHash);
    }

    /** The bare BouncyCastle Argon2id computation at the same parameters. */
    @Benchmark
    public byte[] argon2idRaw() {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(rawParameters);
        byte[] tag = new byte[TAG_BYTES];
        generator.generateBytes(secret, tag);
        return tag;
    }

    /**
     * Everything {@link #argon2idVerify} adds to {@link #argon2idRaw} except the compare: dispatch,
     * PHC parsing, bounds checks. Microseconds, so it stays readable on a noisy machine.
     */
    @Benchmark
    public String argon2idParseOnly() {
        hashes.requireSupported(argon2idHash);
        return argon2idHash;
    }

    @Benchmark
    public boolean bcryptCost10Verify() {
        return hashes.verify(secret, bcryptHash);
    }

    @Benchmark
    public boolean hmacSha256Verify() {
        return hashes.verify(secret, hmacHash);
    }
}
