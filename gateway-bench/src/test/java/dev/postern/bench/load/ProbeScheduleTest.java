package dev.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The probe's interleaving, its group option and the quantiles of its table. */
class ProbeScheduleTest {

    @Test
    void shouldRunEveryGroupOncePerRoundInAVaryingOrder() {
        List<Integer> order = ProbeSchedule.interleaved(3, 50, new Random(5));

        assertThat(order).hasSize(150);
        for (int r = 0; r < 50; r++) {
            assertThat(order.subList(3 * r, 3 * r + 3)).containsExactlyInAnyOrder(0, 1, 2);
        }
        assertThat(order.subList(0, 30)).isNotEqualTo(ProbeSchedule.interleaved(3, 10, new Random(6)));
        long firstOfRoundIsZero = java.util.stream.IntStream.range(0, 50).filter(r -> order.get(3 * r) == 0).count();
        assertThat(firstOfRoundIsZero).isBetween(5L, 30L);
    }

    @Test
    void shouldReadAGroupAsNameEqualsUser() {
        ProbeGroup group = new ProbeGroup.Converter().convert("ten=ten@example.test");

        assertThat(group).isEqualTo(new ProbeGroup("ten", "ten@example.test"));
        assertThatThrownBy(() -> new ProbeGroup.Converter().convert("ten@example.test"))
                .hasMessageContaining("expected NAME=USER");
    }

    @Test
    void shouldInterpolateQuantilesBetweenOrderStatistics() {
        double[] values = {40, 10, 30, 20, 50};

        assertThat(Quantiles.of(values, 0.5)).isEqualTo(30);
        assertThat(Quantiles.of(values, 0.1)).isEqualTo(14);
        assertThat(Quantiles.of(values, 0.9)).isEqualTo(46);
        assertThat(Quantiles.of(new double[0], 0.5)).isNaN();
    }

    @Test
    void shouldWriteWrongPasswordsInTheAppPasswordFormat() {
        String password = RefusalProbe.wrongPassword(new java.security.SecureRandom());

        assertThat(password).matches("([0-9a-hjkmnp-tv-z]{4}-){6}[0-9a-hjkmnp-tv-z]{4}");
        assertThat(dev.postern.core.auth.AppPasswordFormat.canonicalOrAsTyped(password)).hasSize(28);
    }
}
