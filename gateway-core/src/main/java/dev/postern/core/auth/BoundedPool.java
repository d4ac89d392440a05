package dev.postern.core.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool with a bounded queue for blocking work (hash verification, JDBC) that must never
 * run on an event loop. When the queue is full, {@code execute} throws
 * {@link java.util.concurrent.RejectedExecutionException} at once: callers turn that into a
 * temporary failure for the client instead of letting work pile up without end.
 */
public final class BoundedPool {

    private BoundedPool() {
    }

    public static ThreadPoolExecutor create(String name, int threads, int queueCapacity) {
        if (threads < 1) {
            throw new IllegalArgumentException(name + " threads: " + threads + " (expected: at least 1)");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException(name + " queue: " + queueCapacity + " (expected: at least 1)");
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemonThreads(name), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "postern-" + name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
