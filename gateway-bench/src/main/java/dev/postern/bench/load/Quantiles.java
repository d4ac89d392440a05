package dev.postern.bench.load;

import java.util.Arrays;

/** Quantiles of a small sample, with linear interpolation between the order statistics (R's type 7). */
final class Quantiles {

    private Quantiles() {
    }

    /** The {@code q}-quantile ({@code 0 <= q <= 1}) of {@code values}; NaN for an empty sample. */
    static double of(double[] values, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("q: " + q + " (expected 0 to 1)");
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
