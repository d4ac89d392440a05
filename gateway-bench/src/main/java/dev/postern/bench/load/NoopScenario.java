package dev.postern.bench.load;

/** {@code noop}: one logged-in session, NOOP after NOOP; round-trip percentiles. */
final class NoopScenario implements Scenario {

    @Override
    public String name() {
        return "noop";
    }

    @Override
    public Figures run(Wire wire, Target target, ScenarioOptions options) throws Exception {
        MailConnection session = ImapClient.openLoggedIn(wire, target, 0).get();
        try {
            ClosedLoop.Result result = ClosedLoop.run(1, options.warmup, options.duration, target.pid(), client -> {
                long start = System.nanoTime();
                return session.command("NOOP").thenApply(reply -> System.nanoTime() - start);
            });
            return new Figures()
                    .put("noop p50", result.micros(50), "us", false)
                    .put("noop p99", result.micros(99), "us", false)
                    .put("noop p999", result.micros(99.9), "us", false)
                    .put("noops/s", result.perSecond(), "1/s", true)
                    .put("server cpu/noop", result.serverCpuPerOp() * 1000, "us", false)
                    .put("errors", result.errors(), "", false)
                    .note(result.firstError());
        } finally {
            ImapClient.logout(session).get();
        }
    }
}
