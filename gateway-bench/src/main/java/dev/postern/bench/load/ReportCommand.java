package dev.postern.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code report FILE...}: the results of compare and argon2 as one table, and the targets. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the rows appended by compare/argon2 as one table, with the performance targets.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(description = "Result files written by --results.")
    List<Path> files;

    @Override
    public Integer call() {
        List<ResultRow> rows = new ArrayList<>();
        files.forEach(f -> rows.addAll(ResultRow.read(f)));
        System.out.print(ResultTable.render(rows));
        System.out.println();
        System.out.print(targets(rows));
        return 0;
    }

    static String targets(List<ResultRow> rows) {
        StringBuilder out = new StringBuilder("| target | measured | verdict |\n|---|---|---|\n");
        find(rows, "fetch", "fetch MB/s").ifPresent(r -> line(out, "fetch >= 0.90x direct",
                format("%.2fx", r.ratio()) + errors(rows, "fetch"), r.ratio() >= 0.90 && clean(rows, "fetch")));
        find(rows, "noop", "noop p50").ifPresent(r -> line(out, "noop p50 added <= 100 us",
                format("%+.0f us", r.added()) + errors(rows, "noop"), r.added() <= 100 && clean(rows, "noop")));
        find(rows, "logins", "logins/s").ifPresent(r -> line(out, "warm logins >= 0.80x direct",
                format("%.2fx", r.ratio()) + errors(rows, "logins"), r.ratio() >= 0.80 && clean(rows, "logins")));
        Optional<ResultRow> heap = find(rows, "idle", "heap/session");
        Optional<ResultRow> dropped = find(rows, "idle", "dropped");
        Optional<ResultRow> held = find(rows, "idle", "sessions held");
        double openFailures = find(rows, "idle", "open failures").map(ResultRow::postern).orElse(0.0);
        heap.ifPresent(r -> line(out, "idle heap/session <= 32 KiB", format("%.1f KiB", r.postern()), r.postern() <= 32));
        if (dropped.isPresent() && held.isPresent()) {
            line(out, "idle: none dropped", format("%.0f dropped of %.0f held, %.0f failed to open",
                    dropped.get().postern(), held.get().postern(), openFailures),
                    dropped.get().postern() == 0 && openFailures == 0);
        }
        Optional<ResultRow> verify = find(rows, "argon2", "verify p50");
        Optional<ResultRow> cores = find(rows, "argon2", "cores");
        Optional<ResultRow> cold = find(rows, "logins-cold", "logins/s");
        if (verify.isPresent() && cores.isPresent() && cold.isPresent()) {
            double bound = cores.get().postern() / (verify.get().postern() / 1000.0);
            line(out, "cold logins >= 0.9 x cores / t(verify)", format("%.1f/s vs bound %.1f/s (%.2fx)",
                    cold.get().postern(), bound, cold.get().postern() / bound) + errors(rows, "logins-cold"),
                    cold.get().postern() >= 0.9 * bound && clean(rows, "logins-cold"));
            find(rows, "argon2", "parallel verifications/s").ifPresent(p -> out.append(format(
                    "|   (for reference: %d threads hashing at once, nothing else in that JVM: %.1f/s; cold logins %.2fx that) | | |%n",
                    (int) cores.get().postern(), p.postern(), cold.get().postern() / p.postern())));
        }
        return out.toString();
    }

    /** A figure measured while Postern answered with errors does not meet its target. */
    private static boolean clean(List<ResultRow> rows, String scenario) {
        return find(rows, scenario, "errors").map(r -> r.postern() == 0).orElse(true);
    }

    private static String errors(List<ResultRow> rows, String scenario) {
        return clean(rows, scenario) ? ""
                : format(", with %.0f errors", find(rows, scenario, "errors").orElseThrow().postern());
    }

    private static Optional<ResultRow> find(List<ResultRow> rows, String scenario, String figure) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.figure().equals(figure)).findFirst();
    }

    private static void line(StringBuilder out, String target, String measured, boolean met) {
        out.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "met" : "MISSED").append(" |\n");
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
