package dev.postern.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The scenarios by name. */
final class Scenarios {

    static final List<String> NAMES = List.of("logins", "fetch", "noop", "idle", "submit");

    private Scenarios() {
    }

    static Scenario byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "logins" -> new LoginsScenario();
            case "fetch" -> new FetchScenario();
            case "noop" -> new NoopScenario();
            case "idle" -> new IdleScenario();
            case "submit" -> new SubmitScenario();
            default -> throw new IllegalArgumentException("scenario: " + name + " (expected one of: " + String.join(", ", NAMES) + ")");
        };
    }

    static List<Scenario> parse(String commaSeparated) {
        List<Scenario> scenarios = new ArrayList<>();
        for (String name : commaSeparated.split(",")) {
            if (!name.isBlank()) {
                scenarios.add(byName(name));
            }
        }
        return scenarios;
    }
}
