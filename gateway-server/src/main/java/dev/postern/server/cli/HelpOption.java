package dev.postern.server.cli;

import picocli.CommandLine.Option;

/** The {@code -h, --help} option of every admin verb ({@code --version} belongs to the top-level command only). */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
