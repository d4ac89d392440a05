package dev.postern.server.cli;

import picocli.CommandLine.Option;

/** The {@code --output text|json} option of the verbs that print records. */
public final class OutputOption {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            converter = OutputFormat.Converter.class, completionCandidates = OutputFormat.Candidates.class,
            description = "text (default) or json.")
    OutputFormat format;

    boolean json() {
        return format == OutputFormat.JSON;
    }
}
