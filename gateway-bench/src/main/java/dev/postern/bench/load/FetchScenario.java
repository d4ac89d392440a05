package dev.postern.bench.load;

/**
 * {@code fetch}: one session reads the whole mailbox ({@code FETCH 1:* BODY.PEEK[]}) again and
 * again; MB/s is the bytes of one FETCH over its mean duration.
 */
final class FetchScenario implements Scenario {

    static final String FETCH_ALL = "FETCH 1:* BODY.PEEK[]";

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public Figures run(Wire wire, Target target, ScenarioOptions options) throws Exception {
        int client = options.fetchUser == null ? 0 : target.users().indexOf(options.fetchUser);
        Target reader = client >= 0 ? target : withUser(target, options.fetchUser);
        MailConnection session = ImapClient.openLoggedIn(wire, reader, Math.max(client, 0)).get();
        try {
            session.command("EXAMINE " + ImapClient.quoted(options.mailbox)).get();
            long before = session.bytesIn();
            session.command(FETCH_ALL).get();
            long bytesPerFetch = session.bytesIn() - before;
            ClosedLoop.Result result = ClosedLoop.run(1, options.warmup, options.duration, target.pid(), c -> {
                long start = System.nanoTime();
                return session.command(FETCH_ALL).thenApply(reply -> System.nanoTime() - start);
            });
            double meanSeconds = result.latencyNanos().getMean() / 1e9;
            return new Figures()
                    .put("fetch MB/s", bytesPerFetch / 1e6 / meanSeconds, "MB/s", true)
                    .put("mailbox size", bytesPerFetch / 1e6, "MB", true)
                    .put("fetch p50", result.micros(50) / 1000, "ms", false)
                    .put("fetches", result.completed(), "", true)
                    .put("server cpu/MB", result.serverCpuPerOp() / (bytesPerFetch / 1e6), "ms", false)
                    .put("errors", result.errors(), "", false)
                    .note(result.firstError());
        } finally {
            ImapClient.logout(session).get();
        }
    }

    private static Target withUser(Target t, String user) {
        return new Target(t.label(), t.host(), t.imapPort(), t.smtpPort(), t.tlsMode(), t.tls(),
                java.util.List.of(user), t.password(), t.mechanism(), t.pid(), t.resumeTls());
    }
}
