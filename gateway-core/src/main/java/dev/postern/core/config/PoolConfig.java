package dev.postern.core.config;

/**
 * A bounded worker pool for blocking work (hash verification, JDBC): a fixed number of threads and
 * a bounded queue. When the queue is full the caller gets a temporary failure, not a hang.
 */
public record PoolConfig(int threads, int queue) {

    static final String[] KEYS = {"threads", "queue"};

    static final int MAX_THREADS = 1_024;
    static final int MAX_QUEUE = 1_000_000;

    public PoolConfig {
        Argon2Config.requireBetween("threads", threads, 1, MAX_THREADS);
        Argon2Config.requireBetween("queue", queue, 1, MAX_QUEUE);
    }

    static PoolConfig bind(ConfigReader pool, PoolConfig defaults) {
        int mark = pool.problems().count();
        int threads = pool.integer("threads", defaults.threads(), 1, MAX_THREADS);
        int queue = pool.integer("queue", defaults.queue(), 1, MAX_QUEUE);
        return pool.problems().count() > mark ? null : new PoolConfig(threads, queue);
    }
}
