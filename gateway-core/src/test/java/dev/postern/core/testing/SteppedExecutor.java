package dev.postern.core.testing;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An executor whose tasks run only when the test says so, one at a time, on the test's thread: for
 * putting the steps of two concurrent operations in a chosen order.
 */
public final class SteppedExecutor implements Executor {

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs the next task, waiting up to {@code timeout} for one to be submitted. */
    public void runNext(Duration timeout) throws InterruptedException {
        Runnable task = tasks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (task == null) {
            throw new AssertionError("no task was submitted within " + timeout);
        }
        task.run();
    }

    /** Waits up to {@code timeout} until a task is waiting, without running it. */
    public void awaitTask(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tasks.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no task was submitted within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    /** Runs every task submitted until none is waiting. */
    public void runAll() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }
}
