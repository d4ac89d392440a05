package dev.postern.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs {@code clients} loops, each starting its next operation when the previous one finished,
 * for a warm-up and then a measured period. Only operations that finish inside the measured
 * period count. Bounded: each loop stops at the deadline, and the run gives up 30 s after it.
 */
final class ClosedLoop {

    /** What one measured period gave: latencies in nanoseconds, completions, failures. */
    record Result(Histogram latencyNanos, long completed, long errors, double seconds, String firstError,
                  long serverCpuMillis) {

        /** Server CPU per completed operation in ms, or NaN without a pid. */
        double serverCpuPerOp() {
            return serverCpuMillis < 0 || completed == 0 ? Double.NaN : serverCpuMillis / (double) completed;
        }

        double perSecond() {
            return completed / seconds;
        }

        double micros(double percentile) {
            return latencyNanos.getTotalCount() == 0 ? Double.NaN
                    : latencyNanos.getValueAtPercentile(percentile) / 1_000.0;
        }
    }

    private static final long MAX_ERRORS = 10_000;
    private static final java.util.concurrent.Executor AFTER_FAILURE =
            CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

    private ClosedLoop() {
    }

    /** {@code op(client)} runs one operation and completes with its latency in nanoseconds. */
    static Result run(int clients, Duration warmup, Duration duration, IntFunction<CompletableFuture<Long>> op)
            throws InterruptedException {
        return run(clients, warmup, duration, 0, op);
    }

    /** As above; with a server pid, also the server's CPU time over the measured period. */
    static Result run(int clients, Duration warmup, Duration duration, long serverPid,
                      IntFunction<CompletableFuture<Long>> op) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        Recorder recorder = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[clients];
        for (int i = 0; i < clients; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[i] = done;
            next(i, op, measureFrom, end, recorder, completed, errors, firstError, done);
        }
        long untilMeasured = measureFrom - System.nanoTime();
        if (untilMeasured > 0) {
            TimeUnit.NANOSECONDS.sleep(untilMeasured);
        }
        long cpuBefore = ProcessProbe.cpuMillis(serverPid);
        long untilEnd = end - System.nanoTime();
        if (untilEnd > 0) {
            TimeUnit.NANOSECONDS.sleep(untilEnd);
        }
        long cpuAfter = ProcessProbe.cpuMillis(serverPid);
        try {
            CompletableFuture.allOf(loops).get(warmup.plus(duration).toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            firstError.compareAndSet(null, "loop did not finish: " + e);
        }
        return new Result(recorder.getIntervalHistogram(), completed.get(), errors.get(),
                duration.toNanos() / 1e9, firstError.get(), cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
    }

    private static void next(int client, IntFunction<CompletableFuture<Long>> op, long measureFrom, long end,
                             Recorder recorder, AtomicLong completed, AtomicLong errors,
                             AtomicReference<String> firstError, CompletableFuture<Void> done) {
        if (System.nanoTime() >= end || errors.get() >= MAX_ERRORS) {
            done.complete(null);
            return;
        }
        CompletableFuture<Long> one;
        try {
            one = op.apply(client);
        } catch (RuntimeException e) {
            one = CompletableFuture.failedFuture(e);
        }
        one.whenComplete((latency, failure) -> {
            long now = System.nanoTime();
            if (now >= measureFrom && now < end) {
                if (failure == null) {
                    recorder.recordValue(Math.max(1, latency));
                    completed.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, ImapClient.rootMessage(failure));
                }
            } else if (failure != null) {
                errors.incrementAndGet(); // warm-up failures count towards the cap, not the figures
                firstError.compareAndSet(null, ImapClient.rootMessage(failure));
            }
            if (failure == null) {
                next(client, op, measureFrom, end, recorder, completed, errors, firstError, done);
            } else {
                // After a failure go on a millisecond later, off this stack: no spin, no deep recursion.
                AFTER_FAILURE.execute(() -> next(client, op, measureFrom, end, recorder, completed, errors, firstError, done));
            }
        });
    }
}
