package dev.postern.server.cli;

import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * Reports a command line picocli cannot parse (unknown option, bad {@code --scopes} or
 * {@code --expires-in}, missing argument) in one line on standard error, with exit code 2.
 */
public final class ParameterErrors implements CommandLine.IParameterExceptionHandler {

    private final CliIo io;

    public ParameterErrors(CliIo io) {
        this.io = io;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        String command = ex.getCommandLine().getCommandSpec().qualifiedName();
        String message = String.valueOf(ex.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        io.err().println(command + ": " + message + " (see: " + command + " --help)");
        return ExitCodes.USAGE;
    }
}
