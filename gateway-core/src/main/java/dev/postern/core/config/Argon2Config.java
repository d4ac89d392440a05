package dev.postern.core.config;

/**
 * Argon2id cost for new app-password hashes. The defaults are OWASP's minimum (m=19456 KiB, t=2, p=1)
 * and can only be raised, never lowered.
 */
public record Argon2Config(int memoryKib, int iterations, int parallelism) {

    public static final int MIN_MEMORY_KIB = 19_456;
    public static final int MIN_ITERATIONS = 2;
    public static final int MIN_PARALLELISM = 1;
    public static final Argon2Config DEFAULT = new Argon2Config(MIN_MEMORY_KIB, MIN_ITERATIONS, MIN_PARALLELISM);

    static final String[] KEYS = {"memory-kib", "iterations", "parallelism"};

    static final int MAX_MEMORY_KIB = 1_048_576;
    static final int MAX_ITERATIONS = 100;
    static final int MAX_PARALLELISM = 64;

    public Argon2Config {
        requireBetween("memoryKib", memoryKib, MIN_MEMORY_KIB, MAX_MEMORY_KIB);
        requireBetween("iterations", iterations, MIN_ITERATIONS, MAX_ITERATIONS);
        requireBetween("parallelism", parallelism, MIN_PARALLELISM, MAX_PARALLELISM);
    }

    static Argon2Config bind(ConfigReader argon2) {
        int mark = argon2.problems().count();
        int memory = argon2.integer("memory-kib", MIN_MEMORY_KIB, MIN_MEMORY_KIB, MAX_MEMORY_KIB);
        int iterations = argon2.integer("iterations", MIN_ITERATIONS, MIN_ITERATIONS, MAX_ITERATIONS);
        int parallelism = argon2.integer("parallelism", MIN_PARALLELISM, MIN_PARALLELISM, MAX_PARALLELISM);
        return argon2.problems().count() > mark ? null : new Argon2Config(memory, iterations, parallelism);
    }

    static void requireBetween(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected " + min + " to " + max + ")");
        }
    }
}
