package dev.postern.bench.load;

/**
 * {@code logins}: each of C clients loops connect + TLS + login + LOGOUT. Latency is from the
 * connect to the login's OK; logins/s counts completed loops (LOGOUT answered and closed).
 */
final class LoginsScenario implements Scenario {

    @Override
    public String name() {
        return "logins";
    }

    @Override
    public Figures run(Wire wire, Target target, ScenarioOptions options) throws Exception {
        ClosedLoop.Result result = ClosedLoop.run(options.clients, options.warmup, options.duration, target.pid(), client -> {
            long start = System.nanoTime();
            return ImapClient.openLoggedIn(wire, target, client).thenCompose(c -> {
                long latency = System.nanoTime() - start;
                return ImapClient.logout(c).thenApply(x -> latency);
            });
        });
        return new Figures()
                .put("logins/s", result.perSecond(), "1/s", true)
                .put("login p50", result.micros(50) / 1000, "ms", false)
                .put("login p99", result.micros(99) / 1000, "ms", false)
                .put("server cpu/login", result.serverCpuPerOp(), "ms", false)
                .put("errors", result.errors(), "", false)
                .note(result.firstError());
    }
}
