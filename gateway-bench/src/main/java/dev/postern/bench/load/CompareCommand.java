package dev.postern.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compare}: each scenario against the direct upstream and against Postern in alternation
 * (A B A B ...), so that drift in the machine's load hits both alike; prints the median of each
 * figure per target and the ratio Postern/direct, and appends the rows to a results file.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run scenarios against the direct upstream and Postern in alternation; print figures and ratios.")
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--scenarios", defaultValue = "logins,fetch,noop,idle,submit",
            description = "Comma-separated scenarios (default: ${DEFAULT-VALUE}).")
    String scenarios;

    @Option(names = "--rounds", defaultValue = "2", description = "A/B rounds per scenario (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--name", description = "Name of the rows in the table (default: the scenario's), e.g. logins-cold.")
    String name;

    @Option(names = "--results", description = "Append the rows to this tab-separated file (for `report`).")
    Path results;

    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--tls", defaultValue = "implicit", description = "implicit, starttls or none, both targets.") String tls;
    @Option(names = "--user", defaultValue = "bench@localhost") String user;
    @Option(names = "--user-count", defaultValue = "1") int userCount;
    @Option(names = "--mechanism", defaultValue = "login") String mechanism;

    @Option(names = "--direct-imap-port", required = true) int directImap;
    @Option(names = "--direct-smtp-port", defaultValue = "0") int directSmtp;
    @Option(names = "--direct-trust", description = "PEM to trust for the upstream (default: any).") Path directTrust;
    @Option(names = "--direct-password-file", required = true) Path directPassword;
    @Option(names = "--direct-pid", defaultValue = "0") long directPid;

    @Option(names = "--postern-imap-port", required = true) int posternImap;
    @Option(names = "--postern-smtp-port", defaultValue = "0") int posternSmtp;
    @Option(names = "--postern-trust", description = "PEM to trust for Postern (default: any).") Path posternTrust;
    @Option(names = "--postern-password-file", required = true) Path posternPassword;
    @Option(names = "--postern-pid", defaultValue = "0") long posternPid;

    @Mixin
    ScenarioOptions options;

    @Override
    public Integer call() throws Exception {
        Target direct = target("direct", directImap, directSmtp, directTrust, directPassword, directPid);
        Target postern = target("postern", posternImap, posternSmtp, posternTrust, posternPassword, posternPid);
        List<ResultRow> rows = new ArrayList<>();
        try (Wire wire = new Wire(options.threads)) {
            System.out.println("load generator: transport " + wire.transport().describe() + ", TLS "
                    + dev.postern.core.tls.TlsProviders.describe(dev.postern.core.tls.TlsProviders.current())
                    + ", " + Wire.describeAcks());
            for (Scenario scenario : Scenarios.parse(scenarios)) {
                Map<String, List<Figures>> runs = new LinkedHashMap<>();
                runs.put("direct", new ArrayList<>());
                runs.put("postern", new ArrayList<>());
                for (int round = 1; round <= rounds; round++) {
                    for (Target t : List.of(direct, postern)) {
                        Figures f = scenario.run(wire, t, options);
                        System.out.printf("%s round %d, %s (load %s):%n%s", scenario.name(), round, t.label(),
                                LoadAverage.now(), f);
                        runs.get(t.label()).add(f);
                    }
                }
                rows.addAll(ResultRow.medians(name != null ? name : scenario.name(), runs.get("direct"), runs.get("postern")));
            }
        }
        System.out.println();
        System.out.print(ResultTable.render(rows));
        if (results != null) {
            ResultRow.append(results, rows);
        }
        return 0;
    }

    private Target target(String label, int imap, int smtp, Path trust, Path passwordFile, long pid) {
        TlsMode mode = TlsMode.valueOf(tls.trim().toUpperCase(Locale.ROOT));
        return new Target(label, host, imap, smtp, mode, mode == TlsMode.NONE ? null : ClientTls.context(trust),
                Secrets.users(user, userCount), Secrets.password(null, passwordFile, "--" + label + "-password-file"),
                Mechanism.valueOf(mechanism.trim().toUpperCase(Locale.ROOT)), pid);
    }
}
