package dev.postern.core.auth.hash;

import java.util.ArrayList;
import java.util.List;

/**
 * Cost parameters for new Argon2id hashes. {@link #DEFAULT} is OWASP's current minimum
 * (19 MiB, 2 passes, 1 lane); configuration may only raise each parameter, up to caps that keep
 * one verification within seconds and memory within reason.
 *
 * @param memoryKib   memory per hash in KiB ({@code m})
 * @param iterations  number of passes over memory ({@code t})
 * @param parallelism number of lanes ({@code p})
 */
public record Argon2Params(int memoryKib, int iterations, int parallelism) {

    /** OWASP Password Storage Cheat Sheet minimum for Argon2id. */
    public static final Argon2Params DEFAULT = new Argon2Params(19456, 2, 1);

    /** 1 GiB: one verification must fit a worker comfortably. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    public static final int MAX_ITERATIONS = 100;
    public static final int MAX_PARALLELISM = 64;

    private static final String RAISE_ONLY = "; parameters may only be raised";

    /**
     * Problems with these parameters as configuration, one message per problem, each naming the
     * key under {@code keyPrefix} (e.g. {@code auth.argon2}), the value and what was expected.
     * Empty when the parameters are acceptable.
     */
    public List<String> problemsAsConfig(String keyPrefix) {
        List<String> problems = new ArrayList<>(3);
        check(problems, keyPrefix + ".memory-kib", memoryKib, DEFAULT.memoryKib, MAX_MEMORY_KIB);
        check(problems, keyPrefix + ".iterations", iterations, DEFAULT.iterations, MAX_ITERATIONS);
        check(problems, keyPrefix + ".parallelism", parallelism, DEFAULT.parallelism, MAX_PARALLELISM);
        return List.copyOf(problems);
    }

    /**
     * Throws {@link IllegalArgumentException} listing every problem, see {@link #problemsAsConfig}.
     */
    public Argon2Params requireValid(String keyPrefix) {
        List<String> problems = problemsAsConfig(keyPrefix);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return this;
    }

    private static void check(List<String> problems, String key, int value, int min, int max) {
        if (value < min) {
            problems.add(key + ": " + value + " (expected: at least " + min + RAISE_ONLY + ")");
        } else if (value > max) {
            problems.add(key + ": " + value + " (expected: at most " + max + ")");
        }
    }
}
