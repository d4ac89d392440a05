package dev.postern.server.cli;

import dev.postern.core.config.GatewayConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code postern check-config}: validates the configuration as {@code serve} would, without starting anything. */
@Command(name = "check-config", description = "Validate the configuration file as serve does (keys, values, readable files, certificate, "
                + "keys) without listening. An existing store file is only read, to find what would stop serve from "
                + "opening it (written by a newer Postern, user names that differ only in case). "
                + "Prints OK, or every problem, one per line.")
public final class CheckConfigCommand implements Callable<Integer> {

    static final String OK = "OK";

    private final CliIo io;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    CheckConfigCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        GatewayConfig loaded = config.load(io);
        List<String> problems = ServeChecks.problems(loaded);
        if (!problems.isEmpty()) {
            problems.forEach(io.err()::println);
            return ExitCodes.USAGE;
        }
        io.out().println(OK);
        return ExitCodes.OK;
    }
}
