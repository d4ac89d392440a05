package dev.postern.bench.load;

import java.util.List;
import java.util.Locale;

/** Renders result rows as a Markdown table. */
final class ResultTable {

    private ResultTable() {
    }

    static String render(List<ResultRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | figure | direct | postern | postern/direct | added | load |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (ResultRow r : rows) {
            out.append("| ").append(r.scenario()).append(" | ").append(r.figure())
                    .append(r.unit().isEmpty() ? "" : " (" + r.unit() + ")")
                    .append(" | ").append(number(r.direct()))
                    .append(" | ").append(number(r.postern()))
                    .append(" | ").append(Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()))
                    .append(" | ").append(Double.isNaN(r.direct()) ? "" : number(r.added()))
                    .append(" | ").append(r.load()).append(" |\n");
        }
        for (ResultRow r : rows) {
            if (!r.note().isEmpty() && r.figure().equals("errors") || !r.note().isEmpty() && r.figure().equals("dropped")) {
                out.append("\nnote (").append(r.scenario()).append("): ").append(r.note()).append('\n');
            }
        }
        return out.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, a >= 10 ? "%.1f" : "%.2f", v);
    }
}
