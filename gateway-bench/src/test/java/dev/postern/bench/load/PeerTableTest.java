package dev.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peers table: medians over rounds, ratios for throughputs, differences for latencies, rotation of the order. */
class PeerTableTest {

    private static Figures fetch(double mbs, double errors) {
        return new Figures().put("fetch MB/s", mbs, "MB/s", true).put("errors", errors, "", false);
    }

    private static Figures noop(double p50) {
        return new Figures().put("noop p50", p50, "us", false).put("errors", 0, "", false);
    }

    private static final List<PeerTable.Column> COLUMNS = List.of(
            new PeerTable.Column("direct", "Dovecot direct", List.of()),
            new PeerTable.Column("nginx", "nginx", List.of()),
            new PeerTable.Column("plain", "Postern plain", List.of("nginx")),
            new PeerTable.Column("tls", "Postern TLS", List.of("direct")));

    private static Map<String, Map<String, Figures>> table(Figures direct, Figures nginx, Figures plain, Figures tls,
                                                           String scenario) {
        Map<String, Figures> targets = new LinkedHashMap<>();
        targets.put("direct", direct);
        targets.put("nginx", nginx);
        targets.put("plain", plain);
        targets.put("tls", tls);
        Map<String, Map<String, Figures>> byScenario = new LinkedHashMap<>();
        byScenario.put(scenario, targets);
        return byScenario;
    }

    @Test
    void shouldTakeTheMedianOfEachFigureOverTheRoundsKeepingUnitAndDirection() {
        Figures m = PeerTable.medians(List.of(fetch(300, 0), fetch(100, 0), fetch(200, 2), fetch(400, 0)));

        assertThat(m.all().get("fetch MB/s")).isEqualTo(new Figures.Figure(250, "MB/s", true));
        assertThat(m.all().get("errors").value()).isZero();
    }

    @Test
    void shouldSetAThroughputAgainstItsReferenceAsARatioAndALatencyAsADifference() {
        Map<String, Map<String, Figures>> fetch = table(fetch(401, 0), fetch(523, 0), fetch(715, 0), fetch(331, 0), "fetch");
        fetch.putAll(table(noop(36.5), noop(28.8), noop(31.0), noop(56.7), "noop"));

        String text = PeerTable.headline(COLUMNS, fetch);

        assertThat(text).startsWith("| figure | Dovecot direct | nginx | Postern plain | Postern TLS |\n|---|---:|---:|---:|---:|\n");
        assertThat(text).contains("| fetch, MB/s | 401 | 523 | 715 (1.37× nginx) | 331 (0.83× direct) |\n");
        assertThat(text).contains("| NOOP round trip, p50 µs | 36.5 | 28.8 | 31.0 (+2.2 vs nginx) | 56.7 (+20.2 vs direct) |\n");
        assertThat(text).doesNotContain("logins/s").doesNotContain("errors");
    }

    @Test
    void shouldShowANegativeDifferenceWithItsSign() {
        assertThat(PeerTable.difference(27.0, 28.8, "nginx")).isEqualTo("-1.8 vs nginx");
        assertThat(PeerTable.difference(28.8, 28.8, "nginx")).isEqualTo("+0.0 vs nginx");
        assertThat(PeerTable.difference(2.4, 1.9, "direct")).isEqualTo("+0.50 vs direct");
    }

    @Test
    void shouldPrintFiguresToAboutThreeDigits() {
        assertThat(PeerTable.number(1234.4)).isEqualTo("1,234");
        assertThat(PeerTable.number(31)).isEqualTo("31.0");
        assertThat(PeerTable.number(2.4)).isEqualTo("2.40");
        assertThat(PeerTable.number(Double.NaN)).isEmpty();
    }

    @Test
    void shouldNotDivideByAZeroReference() {
        assertThat(PeerTable.ratio(5, 0, "direct")).isEqualTo("n/a vs direct");
    }

    @Test
    void shouldAddAnErrorsRowAndTheFirstErrorWhenAnyTargetFailed() {
        Figures failing = fetch(100, 3).note("LOGIN refused for bench@localhost");
        String text = PeerTable.headline(COLUMNS, table(fetch(401, 0), failing, fetch(715, 0), fetch(331, 0), "fetch"));

        assertThat(text).contains("| errors (fetch) | 0 | 3 | 0 | 0 |\n");
        assertThat(text).contains("note (fetch, nginx): LOGIN refused for bench@localhost");
    }

    @Test
    void shouldLeaveACellEmptyWhenItsTargetLacksTheFigureAndSkipAMissingReference() {
        Map<String, Map<String, Figures>> byScenario = table(fetch(401, 0), new Figures(), fetch(715, 0), fetch(331, 0), "fetch");

        String text = PeerTable.headline(COLUMNS, byScenario);

        assertThat(text).contains("| fetch, MB/s | 401 |  | 715 | 331 (0.83× direct) |\n");
    }

    @Test
    void shouldListEveryFigureInTheDetailsTable() {
        String text = PeerTable.details(COLUMNS, table(fetch(401, 0), fetch(523, 0), fetch(715, 0), fetch(331, 0), "fetch"));

        assertThat(text).contains("| fetch, fetch MB/s (MB/s) | 401 | 523 | 715 | 331 |\n");
        assertThat(text).contains("| fetch, errors | 0 | 0 | 0 | 0 |\n");
    }

    @Test
    void shouldShowSubmitAndLeaveEmptyTheCellsOfTargetsAScenarioDidNotRunAgainst() {
        List<PeerTable.Column> columns = List.of(
                new PeerTable.Column("full", "Postern, imap,smtp", List.of()),
                new PeerTable.Column("read-only", "Postern, imap-read", List.of("full")),
                new PeerTable.Column("send-as", "Postern, smtp --send-as self", List.of("full")));
        Map<String, Map<String, Figures>> byScenario = new LinkedHashMap<>();
        byScenario.put("fetch", new LinkedHashMap<>(Map.of("full", fetch(77.9, 0), "read-only", fetch(77.2, 0))));
        byScenario.put("submit", new LinkedHashMap<>(Map.of("full", submit(3713, 2.1, 0.11), "send-as", submit(3490, 2.3, 0.12))));

        String headline = PeerTable.headline(columns, byScenario);
        String details = PeerTable.details(columns, byScenario);

        assertThat(headline).contains("| fetch, MB/s | 77.9 | 77.2 (0.99× full) |  |\n");
        assertThat(headline).contains("| submit, messages/s | 3,713 |  | 3,490 (0.94× full) |\n");
        assertThat(headline).contains("| submit p50, ms | 2.10 |  | 2.30 (+0.20 vs full) |\n");
        assertThat(headline).doesNotContain("errors");
        assertThat(details).contains("| submit, server cpu/message (ms) | 0.11 |  | 0.12 |\n");
        assertThat(details).contains("| fetch, fetch MB/s (MB/s) | 77.9 | 77.2 |  |\n");
    }

    private static Figures submit(double perSecond, double p50, double cpu) {
        return new Figures().put("messages/s", perSecond, "1/s", true).put("message p50", p50, "ms", false)
                .put("server cpu/message", cpu, "ms", false).put("errors", 0, "", false);
    }

    @Test
    void shouldRotateTheOrderByOneEachRound() {
        List<String> order = List.of("a", "b", "c", "d");

        assertThat(PeersCommand.rotated(order, 0)).containsExactly("a", "b", "c", "d");
        assertThat(PeersCommand.rotated(order, 1)).containsExactly("b", "c", "d", "a");
        assertThat(PeersCommand.rotated(order, 5)).containsExactly("b", "c", "d", "a");
    }
}
