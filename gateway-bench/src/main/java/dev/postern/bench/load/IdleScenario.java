package dev.postern.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code idle}: K sessions log in, select the mailbox and enter IDLE, are held for the duration,
 * then closed. Reports sessions established and dropped while held, and with the server's pid
 * its heap (after a full GC) and RSS per session: (reading with K sessions held - reading before) / K.
 */
final class IdleScenario implements Scenario {

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public Figures run(Wire wire, Target target, ScenarioOptions options) throws Exception {
        ProcessProbe.Memory before = target.pid() > 0 ? ProcessProbe.read(target.pid()) : null;
        List<MailConnection> sessions = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicBoolean holding = new AtomicBoolean(true);
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicInteger next = new AtomicInteger();
        long openStart = System.nanoTime();
        CompletableFuture<?>[] openers = new CompletableFuture<?>[Math.max(1, options.openConcurrency)];
        for (int i = 0; i < openers.length; i++) {
            openers[i] = openNext(wire, target, options, next, sessions, failed, dropped, holding, firstError);
        }
        CompletableFuture.allOf(openers).get(10, TimeUnit.MINUTES);
        double openSeconds = (System.nanoTime() - openStart) / 1e9;

        ProcessProbe.Memory held = target.pid() > 0 ? ProcessProbe.read(target.pid()) : null;
        long holdUntil = System.nanoTime() + options.duration.toNanos();
        while (System.nanoTime() < holdUntil) {
            Thread.sleep(Math.min(1_000, Math.max(1, (holdUntil - System.nanoTime()) / 1_000_000)));
        }
        ProcessProbe.Memory end = target.pid() > 0 ? ProcessProbe.read(target.pid()) : null;
        holding.set(false);
        int established = sessions.size();
        int droppedWhileHeld = dropped.get();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (sessions) {
            for (MailConnection c : sessions) {
                closing.add(c.close());
            }
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

        Figures figures = new Figures()
                .put("sessions held", established, "", true)
                .put("dropped", droppedWhileHeld, "", false)
                .put("open failures", failed.get(), "", false)
                .put("opened/s", established / openSeconds, "1/s", true);
        if (before != null && established > 0) {
            ProcessProbe.Memory worst = end.heapKib() > held.heapKib() ? end : held;
            figures.put("heap/session", (worst.heapKib() - before.heapKib()) / (double) established, "KiB", false)
                    .put("rss/session", (worst.rssKib() - before.rssKib()) / (double) established, "KiB", false)
                    .put("heap held", worst.heapKib() / 1024.0, "MiB", false)
                    .put("rss held", worst.rssKib() / 1024.0, "MiB", false);
        }
        return figures.note(firstError.get());
    }

    private static CompletableFuture<Void> openNext(Wire wire, Target target, ScenarioOptions options, AtomicInteger next,
                                                    List<MailConnection> sessions, AtomicInteger failed, AtomicInteger dropped,
                                                    AtomicBoolean holding, AtomicReference<String> firstError) {
        int index = next.getAndIncrement();
        if (index >= options.sessions) {
            return CompletableFuture.completedFuture(null);
        }
        return ImapClient.openLoggedIn(wire, target, index)
                .thenCompose(c -> c.command("SELECT " + ImapClient.quoted(options.mailbox))
                        .thenCompose(r -> c.commandExpectingContinuation("IDLE"))
                        .thenApply(reply -> {
                            if (!reply.startsWith("+")) {
                                c.close();
                                throw new IllegalStateException("IDLE: " + reply);
                            }
                            sessions.add(c);
                            c.channel().closeFuture().addListener(f -> {
                                if (holding.get()) {
                                    dropped.incrementAndGet();
                                }
                            });
                            return c;
                        }))
                .handle((c, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, ImapClient.rootMessage(e));
                    }
                    return null;
                })
                .thenCompose(x -> openNext(wire, target, options, next, sessions, failed, dropped, holding, firstError));
    }
}
