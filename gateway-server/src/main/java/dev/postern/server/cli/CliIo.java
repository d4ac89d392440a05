package dev.postern.server.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The command line's streams and environment, injected so that every verb can be run in-process
 * by tests with its own input, output and variables.
 */
public record CliIo(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {

    public static CliIo system() {
        return new CliIo(System.in,
                new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.getenv());
    }
}
