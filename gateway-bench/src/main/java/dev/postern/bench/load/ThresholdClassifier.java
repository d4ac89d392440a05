package dev.postern.bench.load;

import java.util.Arrays;

/**
 * The best single-threshold classifier between two samples of latencies: how well an observer who
 * sees one latency and compares it with one threshold can tell which sample it came from.
 *
 * <p>Its accuracy is balanced: the mean of the fractions of each sample classified correctly, so
 * that a sample with a few more values (or a few errors fewer) does not weigh more; with samples of
 * equal size it is the fraction of all values classified correctly. Every threshold between two
 * distinct values is tried, in both directions (A below and B above, or the reverse), so the result
 * is at least 0.5: 0.5 is chance, 1.0 perfect separation. Ties are never split, so identical
 * samples give exactly 0.5.
 */
final class ThresholdClassifier {

    private ThresholdClassifier() {
    }

    /** The accuracy of the best threshold between {@code a} and {@code b}, in [0.5, 1]. */
    static double bestAccuracy(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("samples of " + a.length + " and " + b.length
                    + " values (expected at least one each)");
        }
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        int i = 0;
        int j = 0;
        double best = 0.5;
        // cut after each distinct value: i values of a and j of b lie at or below the cut
        while (i < sa.length || j < sb.length) {
            double next = Math.min(i < sa.length ? sa[i] : Double.POSITIVE_INFINITY,
                    j < sb.length ? sb[j] : Double.POSITIVE_INFINITY);
            while (i < sa.length && sa[i] == next) {
                i++;
            }
            while (j < sb.length && sb[j] == next) {
                j++;
            }
            double aBelowBAbove = ((double) i / sa.length + (double) (sb.length - j) / sb.length) / 2;
            best = Math.max(best, Math.max(aBelowBAbove, 1 - aBelowBAbove));
        }
        return best;
    }
}
