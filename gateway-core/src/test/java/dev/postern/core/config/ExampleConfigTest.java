package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.postern.core.ingress.GatewayServer;
import dev.postern.core.ingress.ListenAddress;
import dev.postern.core.ingress.Transport;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example loads, its listeners (the IPv4 and IPv6 wildcards on one port) bind together,
 * and the example and the reference table name the same keys.
 */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("..", "deploy", "postern.example.yml");
    private static final Path REFERENCE = Path.of("..", "README.md");
    private static final Pattern REFERENCE_KEY = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheExampleOnceItsFilesExist() throws Exception {
        GatewayConfig loaded = shouldLoad();

        assertThat(loaded.protocol("imap").listeners()).hasSize(2);
        assertThat(loaded.protocol("smtp").upstream().trust()).isEqualTo(TrustConfig.pemFile(dir.resolve("tls/internal-ca.pem")));
        assertThat(loaded.upstreamAuth().mode()).isEqualTo(UpstreamAuthConfig.Mode.MASTER_USER);
    }

    private GatewayConfig shouldLoad() throws Exception {
        // given: the example with /etc/postern/ moved into a temporary folder holding the files it names
        String yaml = Files.readString(EXAMPLE).replace("/etc/postern/", dir + "/");
        Files.createDirectories(dir.resolve("tls"));
        for (String file : List.of("tls/fullchain.pem", "tls/privkey.pem", "tls/internal-ca.pem", "master.secret")) {
            Files.writeString(dir.resolve(file), "x\n");
        }
        Path config = Files.writeString(dir.resolve("postern.yml"), yaml);

        return ConfigLoader.load(config, Map.of());
    }

    @Test
    void shouldBindTheListenersOfTheExampleTogetherOnAFreePortOfEachPort() throws Exception {
        // given: the example's listeners, each group sharing a port moved to one free port
        GatewayConfig loaded = shouldLoad();
        List<ListenerConfig> listeners = new ArrayList<>(loaded.protocol("imap").listeners());
        listeners.addAll(loaded.protocol("smtp").listeners());
        assertThat(listeners).extracting(l -> l.address().host()).contains("0.0.0.0", "::");
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newGroup(1);
        try (GatewayServer server = new GatewayServer(group, transport)) {
            Map<Integer, Integer> freePorts = new java.util.HashMap<>();
            for (ListenerConfig listener : listeners) {
                // when
                int configured = listener.address().port();
                InetSocketAddress bound = server.bind("example " + listener.address(), new ListenAddress(
                        listener.address().host(), freePorts.getOrDefault(configured, 0), listener.dualStack()),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public boolean isSharable() {
                                return true;
                            }
                        });

                // then: bound, and the next listener of the same configured port gets the same port
                freePorts.putIfAbsent(configured, bound.getPort());
                assertThat(bound.getPort()).isEqualTo(freePorts.get(configured));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @Test
    void shouldDocumentEveryKeyOfTheExampleInTheReference() throws Exception {
        // given
        List<String> referenced = referenceKeys();
        List<String> exampleKeys = new ArrayList<>();
        collectKeys("", new YAMLMapper().readTree(EXAMPLE.toFile()), exampleKeys);

        // then
        assertThat(exampleKeys).isNotEmpty().allSatisfy(key ->
                assertThat(referenced).as("reference row for %s", key)
                        .containsAnyOf(key, key.replaceFirst("^(imap|smtp|pop3)\\.", "<proto>.")));
    }

    @Test
    void shouldShowEveryReferencedKeyInTheExampleAtLeastAsAComment() throws Exception {
        // given
        String example = Files.readString(EXAMPLE);

        // then
        assertThat(referenceKeys()).isNotEmpty().allSatisfy(key -> {
            String last = key.substring(key.lastIndexOf('.') + 1).replace("[]", "");
            assertThat(example).as("example line for %s", key).containsPattern("(?m)^[ #-]*" + last + ":");
        });
    }

    private static List<String> referenceKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        Matcher match = REFERENCE_KEY.matcher(configurationReference());
        while (match.find()) {
            keys.add(match.group(1));
        }
        return keys;
    }

    private static void collectKeys(String path, JsonNode node, List<String> keys) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isContainerNode()) {
                    collectKeys(child, field.getValue(), keys);
                } else {
                    keys.add(child);
                }
            }
        } else if (node.isArray()) {
            keys.add(path);
            for (JsonNode item : node) {
                collectKeys(path + "[]", item, keys);
            }
        }
    }

    /** The configuration reference in the README, between its start and end markers. */
    private static String configurationReference() throws java.io.IOException {
        String readme = Files.readString(REFERENCE);
        int start = readme.indexOf("<!-- config-reference:start");
        int end = readme.indexOf("<!-- config-reference:end -->");
        assertThat(start).as("README.md has a config-reference:start marker").isNotNegative();
        assertThat(end).as("README.md has a config-reference:end marker").isGreaterThan(start);
        return readme.substring(start, end);
    }
}
