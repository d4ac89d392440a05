package dev.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The best single threshold between two samples, and what chance gives by random relabelling. */
class ThresholdClassifierTest {

    private static double[] normal(Random random, int n, double mean, double sd) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + sd * random.nextGaussian();
        }
        return values;
    }

    @Test
    void shouldClassifyPerfectlySeparatedSamplesWithoutError() {
        double[] unknown = {2029, 2030, 2031, 2032, 2033, 2039};
        double[] known = {2083, 2085, 2088, 2090, 2115, 2100};

        assertThat(ThresholdClassifier.bestAccuracy(unknown, known)).isEqualTo(1.0);
    }

    @Test
    void shouldFindTheThresholdInEitherDirection() {
        assertThat(ThresholdClassifier.bestAccuracy(new double[] {10, 11, 12}, new double[] {1, 2, 3})).isEqualTo(1.0);
    }

    @Test
    void shouldGiveExactlyChanceForIdenticalSamples() {
        double[] a = {5, 1, 4, 2, 3, 3};

        assertThat(ThresholdClassifier.bestAccuracy(a, a.clone())).isEqualTo(0.5);
    }

    @Test
    void shouldNotSplitTiesAcrossTheThreshold() {
        // every value equal: no threshold separates anything
        assertThat(ThresholdClassifier.bestAccuracy(new double[] {7, 7, 7}, new double[] {7, 7})).isEqualTo(0.5);
    }

    @Test
    void shouldBalanceTheAccuracyOverSamplesOfUnequalSize() {
        // a threshold at 2.5 gets all of a (2 of 2) and 3 of 4 of b: (1 + 0.75) / 2
        assertThat(ThresholdClassifier.bestAccuracy(new double[] {1, 2}, new double[] {0, 3, 4, 5}))
                .isCloseTo(0.875, within(1e-12));
    }

    @Test
    void shouldCallPerfectSeparationOfFortyAgainstFortyBetterThanChance() {
        Random random = new Random(11);
        double[] unknown = normal(random, 40, 2032, 3);
        double[] ten = normal(random, 40, 2400, 3);

        PermutationTest.Result result = PermutationTest.run(unknown, ten, 1000, new Random(1));

        assertThat(result.observed()).isEqualTo(1.0);
        assertThat(result.chance95()).isBetween(0.55, 0.75);
        assertThat(result.pValue()).isCloseTo(1 / 1001.0, within(1e-12));
        assertThat(result.betterThanChance()).isTrue();
    }

    @Test
    void shouldNotCallTwoSamplesOfTheSameDistributionBetterThanChance() {
        Random random = new Random(42);
        double[] unknown = normal(random, 40, 2032, 5);
        double[] one = normal(random, 40, 2032, 5);

        PermutationTest.Result result = PermutationTest.run(unknown, one, 1000, new Random(2));

        // the best of many thresholds is above 0.5 even by chance, but not above what relabelling gives
        assertThat(result.observed()).isBetween(0.5, 0.7);
        assertThat(result.observed()).isLessThanOrEqualTo(result.chance95());
        assertThat(result.pValue()).isGreaterThan(0.05);
        assertThat(result.betterThanChance()).isFalse();
    }

    @Test
    void shouldFindChanceAroundSixtyPercentAtFortyAgainstFortyWhateverTheDistribution() {
        Random random = new Random(7);

        PermutationTest.Result result = PermutationTest.run(normal(random, 40, 0, 1), normal(random, 40, 0, 1), 2000,
                new Random(3));

        assertThat(result.chance95()).isBetween(0.6, 0.68);
    }
}
