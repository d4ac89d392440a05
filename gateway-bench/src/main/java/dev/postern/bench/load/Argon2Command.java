package dev.postern.bench.load;

import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code argon2}: the time of one Argon2id verification at Postern's default cost on this machine
 * (median of single-threaded runs), the yardstick of the cold-login target.
 */
@Command(name = "argon2", mixinStandardHelpOptions = true,
        description = "Time one Argon2id verification (m=19456, t=2, p=1): the bound for cold logins.")
final class Argon2Command implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "20", description = "Verifications timed (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--results", description = "Append the figures to this tab-separated file (for `report`).")
    Path results;

    @Override
    public Integer call() {
        PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());
        byte[] secret = "postern-bench-argon2".getBytes(StandardCharsets.UTF_8);
        String hash = hashes.hash(secret);
        hashes.verify(secret, hash); // warm-up
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            if (!hashes.verify(secret, hash)) {
                throw new IllegalStateException("argon2: the hash just made does not verify");
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double p50 = millis[runs / 2];
        int cores = Runtime.getRuntime().availableProcessors();
        double parallel = parallelPerSecond(hashes, secret, hash, cores);
        System.out.printf("argon2id verify: min %.1f ms, p50 %.1f ms over %d runs; %d cores: bound %.1f cold logins/s;"
                + " %d threads at once: %.1f verifications/s%n", millis[0], p50, runs, cores, cores / (p50 / 1000),
                cores, parallel);
        if (results != null) {
            String load = LoadAverage.now();
            ResultRow.append(results, List.of(
                    new ResultRow("argon2", "verify p50", "ms", Double.NaN, p50, load, ""),
                    new ResultRow("argon2", "verify min", "ms", Double.NaN, millis[0], load, ""),
                    new ResultRow("argon2", "cores", "", Double.NaN, cores, load, ""),
                    new ResultRow("argon2", "parallel verifications/s", "1/s", Double.NaN, parallel, load, "")));
        }
        return 0;
    }

    /** Verifications per second with {@code threads} threads hashing at once (as the hash pool does). */
    private double parallelPerSecond(PasswordHashes hashes, byte[] secret, String hash, int threads) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < runs; i++) {
                done.add(pool.submit(() -> hashes.verify(secret, hash)));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            return runs / ((System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("argon2: parallel verification failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
