package dev.postern.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The peers table of {@code peers}: one column per target (Postern, the upstream directly, another
 * proxy), one row per headline figure, each cell the median over the rounds; a column may be set
 * against other columns ({@code versus}): a throughput as a ratio ({@code 1.37× nginx}), a latency
 * as a difference in its unit ({@code +2.2 vs nginx}). A second table lists every figure.
 */
final class PeerTable {

    /** A column: the target's label (as the runs name it), its heading, and the columns it is set against. */
    record Column(String label, String heading, List<String> versus) {

        Column {
            versus = List.copyOf(versus);
        }
    }

    /** A headline row: how it is named, and the scenario and figure it shows. */
    record Headline(String name, String scenario, String figure) {
    }

    static final List<Headline> HEADLINES = List.of(
            new Headline("fetch, MB/s", "fetch", "fetch MB/s"),
            new Headline("NOOP round trip, p50 µs", "noop", "noop p50"),
            new Headline("logins/s", "logins", "logins/s"),
            new Headline("login p50, ms", "logins", "login p50"),
            new Headline("submit, messages/s", "submit", "messages/s"),
            new Headline("submit p50, ms", "submit", "message p50"));

    private PeerTable() {
    }

    /** Per figure, the median over {@code runs} (unit and direction from the first run that has it); the first note. */
    static Figures medians(List<Figures> runs) {
        Figures out = new Figures();
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(f -> names.addAll(f.all().keySet()));
        for (String name : names) {
            Figures.Figure first = runs.stream().map(f -> f.all().get(name)).filter(f -> f != null).findFirst().orElseThrow();
            out.put(name, ResultRow.median(runs, name), first.unit(), first.higherIsBetter());
        }
        runs.stream().map(Figures::note).filter(n -> n != null).findFirst().ifPresent(out::note);
        return out;
    }

    /**
     * The headline table. {@code byScenario}: scenario, then target label, then its median figures.
     * Rows whose scenario was not run are left out; an errors row per scenario appears when any target had errors.
     */
    static String headline(List<Column> columns, Map<String, Map<String, Figures>> byScenario) {
        StringBuilder out = header("figure", columns);
        for (Headline h : HEADLINES) {
            Map<String, Figures> targets = byScenario.get(h.scenario());
            if (targets == null) {
                continue;
            }
            out.append("| ").append(h.name());
            for (Column c : columns) {
                out.append(" | ").append(cell(targets, c, h.figure()));
            }
            out.append(" |\n");
        }
        byScenario.forEach((scenario, targets) -> {
            if (columns.stream().anyMatch(c -> value(targets, c.label(), "errors") > 0)) {
                out.append("| errors (").append(scenario).append(')');
                for (Column c : columns) {
                    out.append(" | ").append(ResultTable.number(value(targets, c.label(), "errors")));
                }
                out.append(" |\n");
            }
        });
        return out.append(notes(columns, byScenario)).toString();
    }

    /** Every figure of every scenario, medians, no comparisons. */
    static String details(List<Column> columns, Map<String, Map<String, Figures>> byScenario) {
        StringBuilder out = header("scenario, figure", columns);
        byScenario.forEach((scenario, targets) -> {
            Map<String, Figures.Figure> figures = new LinkedHashMap<>();
            targets.values().forEach(f -> f.all().forEach(figures::putIfAbsent));
            figures.forEach((name, any) -> {
                out.append("| ").append(scenario).append(", ").append(name)
                        .append(any.unit().isEmpty() ? "" : " (" + any.unit() + ")");
                for (Column c : columns) {
                    out.append(" | ").append(ResultTable.number(value(targets, c.label(), name)));
                }
                out.append(" |\n");
            });
        });
        return out.toString();
    }

    /** A cell: the median, then its comparison with each column it is set against that has the figure. */
    static String cell(Map<String, Figures> targets, Column column, String figure) {
        Figures own = targets.get(column.label());
        Figures.Figure f = own == null ? null : own.all().get(figure);
        if (f == null || Double.isNaN(f.value())) {
            return "";
        }
        List<String> comparisons = new ArrayList<>();
        for (String other : column.versus()) {
            double reference = value(targets, other, figure);
            if (Double.isNaN(reference)) {
                continue;
            }
            comparisons.add(f.higherIsBetter() ? ratio(f.value(), reference, other) : difference(f.value(), reference, other));
        }
        String value = number(f.value());
        return comparisons.isEmpty() ? value : value + " (" + String.join(", ", comparisons) + ")";
    }

    /** {@code 1.37× nginx}; nothing to say against a reference of 0. */
    static String ratio(double value, double reference, String against) {
        return reference == 0 ? "n/a vs " + against : String.format(Locale.ROOT, "%.2f× %s", value / reference, against);
    }

    /** {@code +2.2 vs nginx}, {@code -0.40 vs direct}: the difference, to the decimals of the larger figure. */
    static String difference(double value, double reference, String against) {
        double d = value - reference;
        String digits = String.format(Locale.ROOT, "%,." + decimals(Math.max(Math.abs(value), Math.abs(reference))) + "f", Math.abs(d));
        return (d < 0 ? "-" : "+") + digits + " vs " + against;
    }

    /** A figure to three significant digits or so: 715, 31.0, 2.40. */
    static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%,." + decimals(Math.abs(v)) + "f", v);
    }

    private static int decimals(double magnitude) {
        return magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
    }

    private static double value(Map<String, Figures> targets, String label, String figure) {
        Figures f = targets.get(label);
        Figures.Figure v = f == null ? null : f.all().get(figure);
        return v == null ? Double.NaN : v.value();
    }

    private static StringBuilder header(String first, List<Column> columns) {
        StringBuilder out = new StringBuilder("| ").append(first);
        columns.forEach(c -> out.append(" | ").append(c.heading()));
        out.append(" |\n|---");
        columns.forEach(c -> out.append("|---:"));
        return out.append("|\n");
    }

    private static String notes(List<Column> columns, Map<String, Map<String, Figures>> byScenario) {
        StringBuilder out = new StringBuilder();
        byScenario.forEach((scenario, targets) -> columns.forEach(c -> {
            Figures f = targets.get(c.label());
            if (f != null && f.note() != null && value(targets, c.label(), "errors") > 0) {
                out.append("\nnote (").append(scenario).append(", ").append(c.label()).append("): ").append(f.note()).append('\n');
            }
        }));
        return out.toString();
    }
}
