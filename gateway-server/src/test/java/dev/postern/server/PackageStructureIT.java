package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of {@code docs/architecture.md}, checked over the compiled classes of every
 * module with the JDK's {@code jdeps}: no two packages depend on each other, directly or through
 * others, gateway-core's packages use only those below them, and every package says what it is in
 * a {@code package-info.java}.
 */
class PackageStructureIT {

    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.postern\\.\\S+)\\s+->\\s+(dev\\.postern\\.\\S+)\\s");

    @Test
    void shouldHaveNoPackageCycle() throws IOException {
        Map<String, Set<String>> graph = packageGraph();

        List<List<String>> cycles = StronglyConnected.of(graph);

        assertThat(graph).as("packages found by jdeps").containsKeys("dev.postern.core.front", "dev.postern.server");
        assertThat(cycles).as("groups of packages that depend on each other (break each by moving the type "
                + "that the lower package needs down, or by an interface in the lower package)").isEmpty();
    }

    /** gateway-core's packages, lowest first, as {@code docs/architecture.md} lists them. */
    private static final List<String> CORE_LAYERS = List.of("net", "config", "pipeline", "tls", "identity", "store",
            "store.jdbc", "store.sqlite", "store.postgresql", "seal", "auth", "auth.hash", "auth.sasl", "account", "ingress", "upstream", "upstream.sasl",
            "upstream.oauth2", "relay", "observe", "notify", "usage", "session", "front", "protocol");
    private static final String CORE = "dev.postern.core.";

    @Test
    void shouldUseOnlyLowerCorePackagesFromEachCorePackage() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        List<String> upward = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();

        for (Map.Entry<String, Set<String>> entry : graph.entrySet()) {
            String from = entry.getKey();
            if (!from.startsWith(CORE)) {
                continue;
            }
            int fromLayer = CORE_LAYERS.indexOf(from.substring(CORE.length()));
            if (fromLayer < 0) {
                unlisted.add(from);
                continue;
            }
            for (String to : entry.getValue()) {
                if (to.startsWith(CORE) && CORE_LAYERS.indexOf(to.substring(CORE.length())) >= fromLayer) {
                    upward.add(from + " -> " + to);
                }
            }
        }

        assertThat(unlisted).as("core packages missing from the layer list here and in docs/architecture.md").isEmpty();
        assertThat(upward).as("core imports that run up the layers of docs/architecture.md").isEmpty();
    }

    @Test
    void shouldDescribeEveryPackageInAPackageInfo() throws IOException {
        List<String> undescribed = new ArrayList<>();
        for (Path sources : mainSourceFolders()) {
            try (Stream<Path> files = Files.walk(sources)) {
                Set<Path> folders = new TreeSet<>();
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> folders.add(file.getParent()));
                for (Path folder : folders) {
                    if (!Files.isRegularFile(folder.resolve("package-info.java"))) {
                        undescribed.add(sources.relativize(folder).toString().replace('/', '.'));
                    }
                }
            }
        }

        assertThat(undescribed).as("packages without package-info.java").isEmpty();
    }

    /** Package -> the other Postern packages its classes use, over every module's target/classes. */
    private static Map<String, Set<String>> packageGraph() throws IOException {
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-e", "dev\\.postern\\..*"));
        for (Path module : modules()) {
            Path classes = module.resolve("target/classes");
            if (Files.isDirectory(classes)) {
                args.add(classes.toString());
            }
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(code).as("jdeps exit code; stderr: %s", err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))) {
                graph.computeIfAbsent(edge.group(1), key -> new TreeSet<>()).add(edge.group(2));
                graph.computeIfAbsent(edge.group(2), key -> new TreeSet<>());
            }
        }
        return graph;
    }

    private static List<Path> mainSourceFolders() throws IOException {
        return modules().stream().map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList();
    }

    /** The reactor's modules: this module's siblings named gateway-*. */
    private static List<Path> modules() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(child -> child.getFileName().toString().startsWith("gateway-")).sorted().toList();
        }
    }

    /** Tarjan's strongly connected components; only those of more than one package are cycles. */
    private static final class StronglyConnected {

        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> cycles = new ArrayList<>();

        private StronglyConnected(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        static List<List<String>> of(Map<String, Set<String>> graph) {
            StronglyConnected search = new StronglyConnected(graph);
            for (String node : graph.keySet()) {
                if (!search.index.containsKey(node)) {
                    search.visit(node);
                }
            }
            return search.cycles;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.push(node);
            onStack.add(node);
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    component.sort(null);
                    cycles.add(component);
                }
            }
        }
    }
}
