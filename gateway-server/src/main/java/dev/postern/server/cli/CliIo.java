package dev.postern.server.cli;

import dev.postern.core.upstream.oauth2.Pause;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The command line's streams, environment and waits, injected so that every verb can be run
 * in-process by tests with its own input, output and variables, and without sleeping.
 *
 * @param pause how a verb that polls waits between two polls ({@code users connect --device})
 */
public record CliIo(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env, Pause pause) {

    /** Streams and environment; waits sleep for real. */
    public CliIo(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
        this(in, out, err, env, Pause.SLEEP);
    }

    public static CliIo system() {
        return new CliIo(System.in,
                new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.getenv());
    }
}
