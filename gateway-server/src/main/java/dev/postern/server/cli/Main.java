package dev.postern.server.cli;

import dev.postern.core.config.ConfigException;
import dev.postern.core.ingress.ListenException;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreUnavailableException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code postern} command. Exit codes: 0 done, 1 refused, 2 usage or configuration error. Without a
 * verb it prints its usage on standard error and exits 2, like any other usage error.
 */
@Command(name = "postern", mixinStandardHelpOptions = true, version = "Postern 0.1.0",
        description = "App-password gateway for IMAP and SMTP submission.",
        subcommands = {ServeCommand.class, CheckConfigCommand.class, UsersCommand.class, AppPasswordsCommand.class,
            ApiTokensCommand.class, StoreCommand.class, HashCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    private final CliIo io;

    Main(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        new CommandLine(this, new CliFactory(io)).usage(io.err());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        int code = run(args, CliIo.system());
        LogShutdown.run();
        System.exit(code);
    }

    /** Runs one command line in-process and returns its exit code. */
    public static int run(String[] args, CliIo io) {
        CommandLine cli = new CommandLine(new Main(io), new CliFactory(io));
        cli.setOut(io.out());
        cli.setErr(io.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, io));
        cli.setParameterExceptionHandler(new ParameterErrors(io));
        int code = cli.execute(args);
        io.out().flush();
        io.err().flush();
        return code;
    }

    private static int report(Exception e, CliIo io) {
        if (e instanceof ConfigException config) {
            config.problems().forEach(io.err()::println);
            return ExitCodes.USAGE;
        }
        if (e instanceof RefusedException || e instanceof StoreConflictException) {
            io.err().println("postern: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
        if (e instanceof IllegalArgumentException || e instanceof ListenException
                || e instanceof StoreUnavailableException || e instanceof java.io.UncheckedIOException) {
            io.err().println("postern: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        io.err().println("postern: unexpected error: " + e);
        return ExitCodes.USAGE;
    }
}
