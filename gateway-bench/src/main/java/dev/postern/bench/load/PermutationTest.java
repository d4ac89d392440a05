package dev.postern.bench.load;

import java.util.Arrays;
import java.util.Random;

/**
 * What best-threshold accuracy chance alone gives at these sample sizes: the two samples are pooled,
 * shuffled and split again (random relabelling) {@code shuffles} times, and the
 * {@link ThresholdClassifier#bestAccuracy best accuracy} of each split is kept. Because the best of
 * many thresholds is taken, chance is well above 0.5 for small samples (about 0.65 at the 95th
 * percentile for 40 against 40: one threshold then gets 52 of the 80 right).
 */
final class PermutationTest {

    /**
     * @param observed    the best-threshold accuracy of the real labels
     * @param chance95    the 95th percentile of the accuracy under random relabelling
     * @param pValue      the fraction of relabellings (counting the real one) at least as accurate as
     *                    the real labels: below 0.05, the samples are told apart better than chance
     * @param shuffles    how many relabellings were drawn
     */
    record Result(double observed, double chance95, double pValue, int shuffles) {

        /** True when the real labels are classified better than 95 % of random relabellings. */
        boolean betterThanChance() {
            return pValue < 0.05;
        }
    }

    private PermutationTest() {
    }

    static Result run(double[] a, double[] b, int shuffles, Random random) {
        if (shuffles < 1) {
            throw new IllegalArgumentException("shuffles: " + shuffles + " (expected at least 1)");
        }
        double observed = ThresholdClassifier.bestAccuracy(a, b);
        double[] pooled = new double[a.length + b.length];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        double[] accuracies = new double[shuffles];
        int atLeast = 0;
        for (int s = 0; s < shuffles; s++) {
            shuffle(pooled, random);
            double accuracy = ThresholdClassifier.bestAccuracy(Arrays.copyOfRange(pooled, 0, a.length),
                    Arrays.copyOfRange(pooled, a.length, pooled.length));
            accuracies[s] = accuracy;
            if (accuracy >= observed - 1e-12) {
                atLeast++;
            }
        }
        Arrays.sort(accuracies);
        double chance95 = accuracies[Math.min(shuffles - 1, (int) Math.ceil(0.95 * shuffles) - 1)];
        return new Result(observed, chance95, (atLeast + 1.0) / (shuffles + 1.0), shuffles);
    }

    private static void shuffle(double[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
