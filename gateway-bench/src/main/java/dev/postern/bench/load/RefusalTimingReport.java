package dev.postern.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The refusal-timing probe's tables: per group n, median, p10 and p90 (ms, one decimal); then each
 * group against the first (the baseline): the median difference, the best-threshold accuracy, what
 * chance gives at that n (95th percentile under random relabelling) and the permutation p-value.
 */
final class RefusalTimingReport {

    /** The measured refusals of one group. */
    record GroupSamples(ProbeGroup group, double[] millis, int errors, String firstError) {

        double quantile(double q) {
            return Quantiles.of(millis, q);
        }
    }

    private RefusalTimingReport() {
    }

    static String format(List<GroupSamples> groups, int shuffles, Random random) {
        StringBuilder out = new StringBuilder();
        out.append("| group | user | n | errors | median ms | p10 ms | p90 ms |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (GroupSamples g : groups) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.1f | %.1f |%n", g.group().name(),
                    g.group().user(), g.millis().length, g.errors(), g.quantile(0.5), g.quantile(0.1), g.quantile(0.9)));
        }
        GroupSamples baseline = groups.get(0);
        out.append('\n');
        out.append("| pair | median difference ms | best-threshold accuracy | chance (95th pct, ")
                .append(shuffles).append(" shuffles) | p | verdict |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (GroupSamples g : groups.subList(1, groups.size())) {
            out.append(String.format(Locale.ROOT, "| %s vs %s | ", g.group().name(), baseline.group().name()));
            if (g.millis().length == 0 || baseline.millis().length == 0) {
                out.append("- | - | - | - | no samples |\n");
                continue;
            }
            PermutationTest.Result r = PermutationTest.run(baseline.millis(), g.millis(), shuffles, random);
            out.append(String.format(Locale.ROOT, "%+.1f | %.3f | %.3f | %.3f | %s |%n",
                    g.quantile(0.5) - baseline.quantile(0.5), r.observed(), r.chance95(), r.pValue(),
                    r.betterThanChance() ? "told apart (better than chance)" : "not better than chance"));
        }
        for (GroupSamples g : groups) {
            if (g.firstError() != null) {
                out.append(String.format("note: %s: first error: %s%n", g.group().name(), g.firstError()));
            }
        }
        return out.toString();
    }
}
