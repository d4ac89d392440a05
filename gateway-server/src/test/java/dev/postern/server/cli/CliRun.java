package dev.postern.server.cli;

import dev.postern.server.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process run of the {@code postern} command line: its exit code and both outputs. */
record CliRun(int code, String out, String err) {

    static CliRun run(String stdin, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliIo io = new CliIo(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), env);
        int code = Main.run(args, io);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Everything the run printed, for checks that a secret appears nowhere. */
    String all() {
        return out + err;
    }
}
