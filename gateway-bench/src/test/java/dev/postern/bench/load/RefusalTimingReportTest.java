package dev.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The probe's tables: figures per group, and each group against the first with the chance level. */
class RefusalTimingReportTest {

    private static RefusalTimingReport.GroupSamples group(String name, double... millis) {
        return new RefusalTimingReport.GroupSamples(new ProbeGroup(name, name + "@example.test"), millis, 0, null);
    }

    @Test
    void shouldTellASeparatedGroupApartAndNotAnIdenticalOne() {
        double[] base = {2030, 2031, 2032, 2033, 2034, 2035, 2036, 2037, 2038, 2039};
        double[] slow = {2080, 2081, 2082, 2083, 2084, 2085, 2086, 2087, 2088, 2089};

        String table = RefusalTimingReport.format(List.of(group("unknown", base), group("one", base.clone()),
                group("ten", slow)), 1000, new Random(1));

        assertThat(table).contains("| unknown | unknown@example.test | 10 | 0 | 2034.5 | 2030.9 | 2038.1 |");
        assertThat(table).contains("| one vs unknown | +0.0 | 0.500 |").contains("| not better than chance |");
        assertThat(table).contains("| ten vs unknown | +50.0 | 1.000 |").contains("| told apart (better than chance) |");
    }

    @Test
    void shouldNameTheFirstErrorOfAGroupWithoutSamples() {
        String table = RefusalTimingReport.format(List.of(group("unknown", 1, 2, 3),
                new RefusalTimingReport.GroupSamples(new ProbeGroup("ten", "ten@example.test"), new double[0], 3,
                        "connection closed by the server")), 100, new Random(1));

        assertThat(table).contains("| ten vs unknown | - | - | - | - | no samples |")
                .contains("note: ten: first error: connection closed by the server");
    }
}
