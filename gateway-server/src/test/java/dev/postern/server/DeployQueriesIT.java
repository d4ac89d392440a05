package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.postern.core.testing.ImapTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queries shipped in {@code deploy/} (alert rules, Grafana dashboard) ask for what a running
 * gateway exports: every {@code postern_*} series they name is in a scrape, and every label they
 * match on or group by is a label of one of the series in the same expression. A query on a label
 * that does not exist is valid PromQL (promtool accepts it) and silently never fires.
 */
class DeployQueriesIT {

    private static final Path ALERTS = Path.of("..", "deploy", "prometheus", "alerts.yml");
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "postern.json");
    private static final Pattern SERIES = Pattern.compile("\\b(postern_[a-z0-9_]+)(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    /** Labels Prometheus adds at scrape time. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    @TempDir
    Path dir;

    @Test
    void shouldAskOnlyForSeriesAndLabelsTheGatewayExports() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode group : new YAMLMapper().readTree(ALERTS.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                queries.put("alert " + rule.get("alert").asText(), rule.get("expr").asText());
            }
        }
        collectExpressions(new ObjectMapper().readTree(DASHBOARD.toFile()), "dashboard", queries);
        assertThat(queries).hasSizeGreaterThan(5);

        Map<String, Set<String>> exported;
        try (GatewayUnderTest postern = GatewayUnderTest.start(dir)) {
            // a success and a refusal, so that lazily registered series (latency histograms) exist too
            try (ImapTestClient client = ImapTestClient.connectTls(postern.imapsPort(), postern.clientTls())) {
                client.command("a", "LOGIN " + GatewayUnderTest.USER + " " + postern.appPassword);
            }
            try (ImapTestClient client = ImapTestClient.connectTls(postern.imapsPort(), postern.clientTls())) {
                client.command("a", "LOGIN " + GatewayUnderTest.USER + " not-the-password");
            }
            exported = labelsBySeries(new AdminClient(postern.adminPort()).scrape());
        }

        List<String> problems = new ArrayList<>();
        queries.forEach((where, expr) -> problems.addAll(problems(where, expr, exported)));
        assertThat(problems).isEmpty();
    }

    private static List<String> problems(String where, String expr, Map<String, Set<String>> exported) {
        List<String> problems = new ArrayList<>();
        Set<String> available = new HashSet<>(TARGET_LABELS);
        Matcher series = SERIES.matcher(expr);
        List<String[]> matchers = new ArrayList<>();
        while (series.find()) {
            String name = series.group(1);
            Set<String> labels = exported.get(name);
            if (labels == null) {
                problems.add(where + ": series " + name + " is not exported");
                continue;
            }
            available.addAll(labels);
            if (series.group(3) != null) {
                Matcher label = MATCHER.matcher(series.group(3));
                while (label.find()) {
                    matchers.add(new String[] {name, label.group(1)});
                }
            }
        }
        for (String[] matcher : matchers) {
            if (!TARGET_LABELS.contains(matcher[1]) && !exported.get(matcher[0]).contains(matcher[1])) {
                problems.add(where + ": " + matcher[0] + " has no label " + matcher[1] + " (it has "
                        + exported.get(matcher[0]) + ")");
            }
        }
        Matcher grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                String name = label.trim();
                if (!name.isEmpty() && !available.contains(name)) {
                    problems.add(where + ": groups by " + name + ", a label of none of its series " + available);
                }
            }
        }
        return problems;
    }

    private static void collectExpressions(JsonNode node, String where, Map<String, String> into) {
        if (node.isObject()) {
            JsonNode title = node.get("title");
            String here = title != null && title.isTextual() ? "dashboard panel \"" + title.asText() + "\"" : where;
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isTextual()) {
                into.put(here + " #" + into.size(), expr.asText());
            }
            node.fields().forEachRemaining(field -> collectExpressions(field.getValue(), here, into));
        } else if (node.isArray()) {
            node.forEach(element -> collectExpressions(element, where, into));
        }
    }

    /** Every series name in the scrape with the union of its label names. */
    private static Map<String, Set<String>> labelsBySeries(AdminClient.Scrape scrape) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (AdminClient.Scrape.Sample sample : scrape.samples()) {
            labels.computeIfAbsent(sample.name(), name -> new HashSet<>()).addAll(sample.labels().keySet());
        }
        return labels;
    }
}
