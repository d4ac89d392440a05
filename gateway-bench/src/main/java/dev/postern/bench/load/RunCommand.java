package dev.postern.bench.load;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code run SCENARIO[,SCENARIO...]}: scenarios against one server, figures printed. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run scenarios (logins, fetch, noop, idle, submit) against one server and print the figures.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Comma-separated scenarios: logins, fetch, noop, idle, submit.")
    String scenarios;

    @Mixin
    TargetOptions target;

    @Mixin
    ScenarioOptions options;

    @Override
    public Integer call() throws Exception {
        Target t = target.toTarget();
        try (Wire wire = new Wire(options.threads)) {
            System.out.println("load generator: transport " + wire.transport().describe() + ", TLS "
                    + dev.postern.core.tls.TlsProviders.describe(dev.postern.core.tls.TlsProviders.current())
                    + ", " + Wire.describeAcks());
            for (Scenario scenario : Scenarios.parse(scenarios)) {
                System.out.println(scenario.name() + " against " + t + ":");
                System.out.print(scenario.run(wire, t, options));
            }
        }
        return 0;
    }
}
