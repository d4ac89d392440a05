package dev.postern.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peers}: each scenario against N targets in alternating rounds (the order rotates by one
 * each round, so no target always runs first or right after another's warm-up); prints the
 * median figures side by side, each target set against the targets named by its {@code --vs}. A scenario
 * runs against the targets that have its port ({@code --imap-port}, or {@code --smtp-port} for submit).
 */
@Command(name = "peers", mixinStandardHelpOptions = true,
        description = "Run scenarios against two or more targets in alternating rounds; print medians side by side.")
final class PeersCommand implements Callable<Integer> {

    /** One target: repeat the group for each, starting with --target. */
    static final class TargetSpec {
        @Option(names = "--target", required = true, description = "Label of the next target (starts its options).")
        String label;

        @Option(names = "--heading", description = "Column heading in the table (default: the label).")
        String heading;

        @Option(names = "--imap-port", description = "IMAP port: the IMAP scenarios run against this target.")
        int imapPort;

        @Option(names = "--smtp-port", description = "SMTP submission port: submit runs against this target.")
        int smtpPort;

        @Option(names = "--tls", description = "implicit, starttls or none (default: implicit).")
        String tls;

        @Option(names = "--trust", description = "PEM to trust (default: any).") Path trust;

        @Option(names = "--user", description = "Account, or pattern with %%d (default: bench@localhost).")
        String user;

        @Option(names = "--password-file", required = true) Path passwordFile;

        @Option(names = "--pid", description = "Process id, for server CPU figures.") long pid;

        @Option(names = "--vs", split = ",", description = "Labels of targets to set this one against.")
        List<String> versus;
    }

    @ArgGroup(exclusive = false, multiplicity = "2..*", heading = "Targets (repeat for each):%n")
    List<TargetSpec> targets;

    @Option(names = "--scenarios", defaultValue = "fetch,noop,logins",
            description = "Comma-separated scenarios (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--rounds", defaultValue = "7", description = "Rounds per scenario (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--user-count", defaultValue = "1") int userCount;
    @Option(names = "--mechanism", defaultValue = "login") String mechanism;

    @Option(names = "--resume-tls", description = "Let the client resume TLS sessions (default: a full handshake on every connection).")
    boolean resumeTls;

    @Mixin
    ScenarioOptions options;

    @Override
    public Integer call() throws Exception {
        List<Target> all = new ArrayList<>();
        List<PeerTable.Column> columns = new ArrayList<>();
        for (TargetSpec spec : targets) {
            if (spec.imapPort <= 0 && spec.smtpPort <= 0) {
                throw new IllegalArgumentException("target " + spec.label + ": no port (expected --imap-port, --smtp-port or both)");
            }
            all.add(target(spec));
            List<String> versus = spec.versus == null ? List.of() : spec.versus;
            for (String other : versus) {
                if (targets.stream().noneMatch(t -> t.label.equals(other))) {
                    throw new IllegalArgumentException("--vs " + other + " (target " + spec.label + "): no such --target");
                }
            }
            columns.add(new PeerTable.Column(spec.label, spec.heading == null ? spec.label : spec.heading, versus));
        }
        List<Scenario> toRun = Scenarios.parse(scenarios);
        for (Scenario scenario : toRun) {
            if (all.stream().noneMatch(scenario::servedBy)) {
                throw new IllegalArgumentException("scenario " + scenario.name() + ": no target has its port");
            }
        }
        Map<String, Map<String, Figures>> byScenario = new LinkedHashMap<>();
        try (Wire wire = new Wire(options.threads)) {
            System.out.println("load generator: transport " + wire.transport().describe() + ", TLS "
                    + dev.postern.core.tls.TlsProviders.describe(dev.postern.core.tls.TlsProviders.current())
                    + (resumeTls ? " (sessions may resume)" : " (full handshake on every connection)")
                    + ", " + Wire.describeAcks());
            for (Scenario scenario : toRun) {
                List<Target> served = all.stream().filter(scenario::servedBy).toList();
                Map<String, List<Figures>> runs = new LinkedHashMap<>();
                served.forEach(t -> runs.put(t.label(), new ArrayList<>()));
                for (int round = 1; round <= rounds; round++) {
                    for (Target t : rotated(served, round - 1)) {
                        Figures f = scenario.run(wire, t, options);
                        System.out.printf("%s round %d, %s (load %s):%n%s", scenario.name(), round, t.label(),
                                LoadAverage.now(), f);
                        runs.get(t.label()).add(f);
                    }
                }
                Map<String, Figures> medians = new LinkedHashMap<>();
                runs.forEach((label, list) -> medians.put(label, PeerTable.medians(list)));
                byScenario.put(scenario.name(), medians);
            }
        }
        System.out.println();
        System.out.println("Medians over " + rounds + " round(s):");
        System.out.println();
        System.out.print(PeerTable.headline(columns, byScenario));
        System.out.println();
        System.out.println("Every figure (medians):");
        System.out.println();
        System.out.print(PeerTable.details(columns, byScenario));
        return 0;
    }

    /** {@code list} starting at index {@code by} (mod its size), wrapping round. */
    static <T> List<T> rotated(List<T> list, int by) {
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get(Math.floorMod(by + i, list.size())));
        }
        return out;
    }

    private Target target(TargetSpec spec) {
        TlsMode mode = TlsMode.valueOf((spec.tls == null ? "implicit" : spec.tls).trim().toUpperCase(Locale.ROOT));
        return new Target(spec.label, host, spec.imapPort, spec.smtpPort, mode, mode == TlsMode.NONE ? null : ClientTls.context(spec.trust, resumeTls),
                Secrets.users(spec.user == null ? "bench@localhost" : spec.user, userCount),
                Secrets.password(null, spec.passwordFile, "--password-file of " + spec.label),
                Mechanism.valueOf(mechanism.trim().toUpperCase(Locale.ROOT)), spec.pid, resumeTls);
    }
}
