package dev.postern.server.http;

import dev.postern.core.store.CredentialStore;
import dev.postern.core.upstream.UpstreamProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether the gateway should receive traffic: its listeners are bound, the credential store answers
 * a ping (run on the store pool, never on an event loop, within {@link #STORE_TIMEOUT}), and every
 * upstream answered its last probe. The verdict lists every reason it is not ready.
 */
public final class Readiness {

    /** How long a store ping may take before the store counts as unavailable. */
    public static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    static final String READY = "ready";
    static final String NOT_LISTENING = "listeners not bound";
    static final String STORE_UNAVAILABLE = "store unavailable: %s";
    static final String UPSTREAM_NOT_PROBED = "upstream %s (%s) not probed yet";
    static final String UPSTREAM_UNREACHABLE = "upstream %s (%s) unreachable at the last probe: %s";

    /** The answer: ready or not, and a short text saying why (one reason per line). */
    public record Verdict(boolean ready, String text) {
    }

    private final BooleanSupplier listening;
    private final CredentialStore store;
    private final Executor storePool;
    private final Supplier<List<UpstreamProbe>> probes;

    public Readiness(BooleanSupplier listening, CredentialStore store, Executor storePool,
                     Supplier<List<UpstreamProbe>> probes) {
        this.listening = Objects.requireNonNull(listening, "listening");
        this.store = Objects.requireNonNull(store, "store");
        this.storePool = Objects.requireNonNull(storePool, "storePool");
        this.probes = Objects.requireNonNull(probes, "probes");
    }

    /** Checks now; never completes exceptionally. */
    public CompletableFuture<Verdict> check() {
        return pingStore().thenApply(storeProblem -> {
            List<String> problems = new ArrayList<>();
            if (!listening.getAsBoolean()) {
                problems.add(NOT_LISTENING);
            }
            if (storeProblem != null) {
                problems.add(String.format(STORE_UNAVAILABLE, storeProblem));
            }
            for (UpstreamProbe probe : probes.get()) {
                UpstreamProbe.Status status = probe.last();
                if (status == null) {
                    problems.add(String.format(UPSTREAM_NOT_PROBED, probe.name(), probe.endpoint()));
                } else if (!status.reachable()) {
                    problems.add(String.format(UPSTREAM_UNREACHABLE, probe.name(), probe.endpoint(), status.reason()));
                }
            }
            return problems.isEmpty() ? new Verdict(true, READY) : new Verdict(false, String.join("\n", problems));
        });
    }

    /** Null when the store answered, else what went wrong. */
    private CompletableFuture<String> pingStore() {
        try {
            return CompletableFuture.runAsync(store::ping, storePool)
                    .orTimeout(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((ok, failure) -> failure == null ? null : describe(failure));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture("store pool saturated");
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer within " + STORE_TIMEOUT.toMillis() + " ms";
        }
        return String.valueOf(cause.getMessage());
    }
}
