package dev.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdicts of the targets table: a figure measured while Postern failed does not meet a target. */
class ReportCommandTest {

    private static ResultRow row(String scenario, String figure, double direct, double postern) {
        return new ResultRow(scenario, figure, "", direct, postern, "1.0", "");
    }

    @Test
    void shouldMeetTheWarmLoginTargetAtFourFifthsOfDirectWithoutErrors() {
        String table = ReportCommand.targets(List.of(row("logins", "logins/s", 100, 85), row("logins", "errors", 0, 0)));

        assertThat(table).contains("| warm logins >= 0.80x direct | 0.85x | met |");
    }

    @Test
    void shouldMissATargetWhosePosternRunHadErrorsWhateverTheRatio() {
        String table = ReportCommand.targets(List.of(row("logins", "logins/s", 100, 95), row("logins", "errors", 0, 12)));

        assertThat(table).contains("| warm logins >= 0.80x direct | 0.95x, with 12 errors | MISSED |");
    }

    @Test
    void shouldMissTheIdleTargetWhenSessionsFailedToOpenEvenIfNoneDropped() {
        String table = ReportCommand.targets(List.of(row("idle", "sessions held", 1000, 50), row("idle", "dropped", 0, 0),
                row("idle", "open failures", 0, 950)));

        assertThat(table).contains("| idle: none dropped | 0 dropped of 50 held, 950 failed to open | MISSED |");
    }

    @Test
    void shouldMeetTheIdleTargetWhenEverySessionOpenedAndStayed() {
        String table = ReportCommand.targets(List.of(row("idle", "sessions held", 1000, 1000), row("idle", "dropped", 0, 0),
                row("idle", "open failures", 0, 0)));

        assertThat(table).contains("| idle: none dropped | 0 dropped of 1000 held, 0 failed to open | met |");
    }
}
