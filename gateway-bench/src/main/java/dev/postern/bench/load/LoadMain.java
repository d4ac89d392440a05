package dev.postern.bench.load;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code java -jar postern-bench.jar}: the load generator. Speaks IMAP and SMTP to any server
 * (Postern, the upstream directly, another proxy) and runs the scenarios logins, fetch, noop,
 * idle and submit, alone ({@code run}), against two targets in alternation ({@code compare}) or
 * against N ({@code peers}).
 */
@Command(name = "postern-bench", mixinStandardHelpOptions = true,
        description = "Load generator for IMAP and SMTP servers and gateways.",
        subcommands = {RunCommand.class, CompareCommand.class, ReportCommand.class, Argon2Command.class,
                UpstreamCommand.class, RefusalTimingCommand.class, PeersCommand.class, AuthHttpCommand.class,
                FreePortsCommand.class})
public final class LoadMain implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
