package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code postern.yml} inside each shipped Kubernetes ConfigMap loads, once the files it names
 * exist: a key renamed in the gateway but not in the manifests fails here, not in someone's cluster.
 */
class KubernetesConfigMapTest {

    private static final Path KUBERNETES = Path.of("..", "deploy", "kubernetes");
    private static final Pattern FILE = Pattern.compile("/etc/postern/([\\w./-]+)");

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheSingleReplicaConfigMapWithItsSqliteStore() throws Exception {
        GatewayConfig config = load(KUBERNETES.resolve("configmap.yaml"));

        assertThat(config.store().sqlite()).isEqualTo(Path.of("/var/lib/postern/postern.db"));
    }

    @Test
    void shouldLoadTheSharedStoreConfigMapWithItsPostgresqlStore() throws Exception {
        GatewayConfig config = load(KUBERNETES.resolve("shared-store/configmap.yaml"));

        assertThat(config.store().sqlite()).isNull();
        assertThat(config.store().postgresql().url()).startsWith("jdbc:postgresql://");
        assertThat(config.store().postgresql().password().reveal()).isEqualTo("x");
    }

    /** The ConfigMap's postern.yml, with /etc/postern/ moved into a temporary folder holding every file it names. */
    private GatewayConfig load(Path configMap) throws Exception {
        String manifest = Files.readString(configMap);
        int start = manifest.indexOf("postern.yml: |\n");
        assertThat(start).as("a postern.yml entry in " + configMap).isPositive();
        String yaml = manifest.substring(start + "postern.yml: |\n".length()).lines()
                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));
        Matcher files = FILE.matcher(yaml);
        while (files.find()) {
            Path file = dir.resolve(files.group(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x\n");
        }
        Path config = Files.writeString(dir.resolve("postern.yml"), yaml.replace("/etc/postern/", dir + "/"));
        return ConfigLoader.load(config, Map.of());
    }
}
