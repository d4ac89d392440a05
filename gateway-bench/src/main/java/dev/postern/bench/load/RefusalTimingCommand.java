package dev.postern.bench.load;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code refusal-timing}: does the time a server takes to refuse a wrong password tell user groups
 * apart (an unknown user, a user with one app password, one with ten)? Times wrong-password logins
 * per group, interleaved (each round every group once, in a random order), on a fresh connection
 * each, and prints each group's latencies and how well a single threshold tells each group from
 * the first, against what chance gives at that sample size.
 */
@Command(name = "refusal-timing", mixinStandardHelpOptions = true,
        description = "Time wrong-password logins for several user groups against one IMAP server and tell "
                + "whether the refusal's latency distinguishes them better than chance.")
final class RefusalTimingCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--group", required = true, converter = ProbeGroup.Converter.class, paramLabel = "NAME=USER",
            description = "A user group, repeated (at least two); the first is the baseline, e.g. "
                    + "--group unknown=nobody@example.test --group one=one@example.test --group ten=ten@example.test")
    List<ProbeGroup> groups;

    @Option(names = "--samples", defaultValue = "40", description = "Measured refusals per group (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--warmup-rounds", defaultValue = "2",
            description = "Unmeasured rounds (one refusal per group each) first (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(names = "--concurrency", defaultValue = "1",
            description = "Attempts in flight at once; keep 1 for timing (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--shuffles", defaultValue = "1000",
            description = "Random relabellings of the permutation test (default: ${DEFAULT-VALUE}).")
    int shuffles;

    @Option(names = "--seed", description = "Seed of the schedule and the permutation test (default: random, printed).")
    Long seed;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--imap-port", defaultValue = "993", description = "IMAP port (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Option(names = "--tls", defaultValue = "implicit", description = "implicit, starttls or none (default: ${DEFAULT-VALUE}).")
    String tls;

    @Option(names = "--trust", description = "PEM file with the certificate(s) to trust.")
    Path trust;

    @Option(names = "--insecure", description = "Trust any certificate (the default when --trust is absent).")
    boolean insecure;

    @Option(names = "--mechanism", defaultValue = "login",
            description = "login (IMAP LOGIN) or plain (AUTHENTICATE PLAIN; timed from the response line) (default: ${DEFAULT-VALUE}).")
    String mechanism;

    @Override
    public Integer call() {
        if (groups.size() < 2 || samples < 1 || warmupRounds < 0 || concurrency < 1) {
            throw new IllegalArgumentException("expected at least two --group, --samples >= 1, --warmup-rounds >= 0, "
                    + "--concurrency >= 1");
        }
        long s = seed != null ? seed : new SecureRandom().nextLong();
        Random random = new Random(s);
        TlsMode mode = TlsMode.valueOf(tls.trim().toUpperCase(Locale.ROOT));
        Target target = new Target("target", host, imapPort, 0, mode, mode == TlsMode.NONE ? null : ClientTls.context(trust),
                groups.stream().map(ProbeGroup::user).toList(), "",
                Mechanism.valueOf(mechanism.trim().toUpperCase(Locale.ROOT)), 0);
        List<Integer> order = ProbeSchedule.interleaved(groups.size(), warmupRounds + samples, random);
        int warm = warmupRounds * groups.size();
        String loadBefore = LoadAverage.all();
        List<RefusalTimingReport.GroupSamples> measured;
        long started = System.nanoTime();
        try (Wire wire = new Wire(1)) {
            System.out.println("refusal timing: " + host + ":" + imapPort + " tls " + mode + " " + target.mechanism()
                    + ", " + samples + " samples per group after " + warmupRounds + " warm-up rounds, concurrency "
                    + concurrency + ", seed " + s + "; load generator: transport " + wire.transport().describe());
            measured = measure(new RefusalProbe(wire, target), order, warm);
        }
        System.out.printf(Locale.ROOT, "%d attempts in %.0f s; load average (1, 5, 15 min) before %s, after %s (%d cores)%n%n",
                order.size(), (System.nanoTime() - started) / 1e9, loadBefore, LoadAverage.all(),
                Runtime.getRuntime().availableProcessors());
        System.out.print(RefusalTimingReport.format(measured, shuffles, random));
        return measured.stream().anyMatch(g -> g.millis().length == 0) ? 1 : 0;
    }

    /** Runs the schedule with {@code concurrency} attempts in flight; the first {@code warm} are not kept. */
    private List<RefusalTimingReport.GroupSamples> measure(RefusalProbe probe, List<Integer> order, int warm) {
        int n = groups.size();
        List<List<Double>> millis = new ArrayList<>();
        int[] errors = new int[n];
        String[] firstError = new String[n];
        for (int g = 0; g < n; g++) {
            millis.add(new ArrayList<>());
        }
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(worker(probe, order, next, (index, group, nanos, error) -> {
                synchronized (millis) {
                    if (index < warm) {
                        return;
                    }
                    if (error == null) {
                        millis.get(group).add(nanos / 1e6);
                    } else {
                        errors[group]++;
                        if (firstError[group] == null) {
                            firstError[group] = ImapClient.rootMessage(error);
                        }
                    }
                    int done = index - warm + 1;
                    if (done % (n * 10) == 0) {
                        System.err.printf("  %d of %d measured attempts%n", done, order.size() - warm);
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        List<RefusalTimingReport.GroupSamples> result = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            double[] values = millis.get(g).stream().mapToDouble(Double::doubleValue).toArray();
            result.add(new RefusalTimingReport.GroupSamples(groups.get(g), values, errors[g], firstError[g]));
        }
        return result;
    }

    private interface Outcome {
        void record(int index, int group, long nanos, Throwable error);
    }

    /** Takes the next attempt of the schedule until none is left; one attempt at a time. */
    private CompletableFuture<Void> worker(RefusalProbe probe, List<Integer> order, AtomicInteger next, Outcome outcome) {
        int index = next.getAndIncrement();
        if (index >= order.size()) {
            return CompletableFuture.completedFuture(null);
        }
        int group = order.get(index);
        return probe.attempt(groups.get(group).user())
                .orTimeout(2 * ReplyReader.TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handle((nanos, error) -> {
                    outcome.record(index, group, nanos == null ? 0 : nanos, error);
                    return null;
                })
                .thenComposeAsync(x -> worker(probe, order, next, outcome));
    }
}
