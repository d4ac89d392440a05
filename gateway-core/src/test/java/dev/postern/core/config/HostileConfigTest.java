package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value of every key replaced, one at a time, by something an operator (or a template gone
 * wrong) might write: the configuration either loads or is refused with problems that each name a key
 * path; nothing else escapes (no bare exception, which {@code serve} would print without the key).
 */
class HostileConfigTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What goes in place of each value; scalars as YAML would give them, and the wrong shapes. */
    private static final List<JsonNode> HOSTILE = List.of(
            NODES.textNode(""), NODES.textNode(" "), NODES.textNode("\u0000"), NODES.textNode("a\u0000b"),
            NODES.textNode("[::1"), NODES.textNode("[::1]:0"), NODES.textNode("http://[::1]:0/"),
            NODES.textNode("http://[::1"), NODES.textNode("https://user@[fe80::1%25eth0]:99999/?#"),
            NODES.textNode("-1"), NODES.textNode("0"), NODES.textNode("99999999999999999999"), NODES.textNode("1e9"),
            NODES.textNode("-5s"), NODES.textNode("9999999999999d"), NODES.textNode("1.5h"), NODES.textNode("%zz"),
            NODES.textNode("../../../../../../etc/shadow"), NODES.textNode("x".repeat(70_000)),
            NODES.textNode("\u00e9\u202e\ud83d\udce7"), NODES.textNode("\u001b[2J\u001b]0;x\u0007"),
            NODES.textNode("\u009b31m\u0085\u2028\u200b"), NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE),
            NODES.numberNode(1.5), NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode(),
            NODES.arrayNode().add(NODES.nullNode()), NODES.objectNode(), NODES.objectNode().put("x", "y"));

    private static final String PORTAL_AND_NOTIFICATIONS = """
            portal:
              address: "127.0.0.1:8443"
              public-url: https://mail-access.example.com
              max-connections: 100
              request-timeout: 30s
              oidc:
                issuer: https://login.example.com/idp
                client-id: portal
                client-secret-file: master.secret
                user-claim: email
                allowed-domains: [ example.com ]
                require-mfa: true
                mfa-values: [ mfa ]
                max-auth-age: 10m
                session-idle-timeout: 30m
                session-max-age: 8h
                provider-timeout: 10s
            notifications:
              webhook-url: https://hooks.example.com/postern
              webhook-secret-file: master.secret
            """;

    private static final String OAUTH2 = """
            upstream-auth:
              mode: oauth2
              oauth2:
                provider: generic
                grant: refresh-token
                token-endpoint: https://idp.example/token
                authorization-endpoint: https://idp.example/authorize
                redirect-uri: http://localhost
                client-id: postern
                client-secret-file: master.secret
                scope: mail
                request-timeout: 10s
              key-file: upstream.key
            """;

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void files() throws Exception {
        fixture = new ConfigFixture(dir);
        Files.createDirectories(dir.resolve("tls"));
        for (String file : List.of("tls/fullchain.pem", "tls/privkey.pem", "tls/internal-ca.pem")) {
            fixture.write(file, "-----BEGIN CERTIFICATE-----\n");
        }
    }

    @Test
    void shouldRefuseEveryHostileValueOfEveryKeyByNamingTheKey() throws Exception {
        String example = Files.readString(Path.of("..", "deploy", "postern.example.yml")).replace("/etc/postern/", "")
                .replace("/var/lib/postern/", "");
        String front = ConfigFixture.VALID.substring(0, ConfigFixture.VALID.indexOf("upstream-auth:"));
        List<String> escaped = new ArrayList<>();
        int cases = 0;
        for (String base : List.of(example, ConfigFixture.VALID + PORTAL_AND_NOTIFICATIONS, front + OAUTH2)) {
            fixture.parse(base); // each base loads as it is
            JsonNode tree = YAML.readTree(base);
            for (List<Object> path : leaves(tree, new ArrayList<>(), new ArrayList<>())) {
                for (JsonNode value : HOSTILE) {
                    JsonNode changed = tree.deepCopy();
                    set(changed, path, value);
                    String yaml = YAML.writeValueAsString(changed);
                    cases++;
                    try {
                        fixture.parse(yaml);
                    } catch (ConfigException refused) {
                        for (String problem : refused.problems()) {
                            if (!problem.matches("[a-z0-9.\\[\\]-]+: .*\\S.*")) {
                                escaped.add(path + " = " + shown(value) + ": problem without a key: " + problem);
                            }
                            if (problem.chars().anyMatch(HostileConfigTest::unprintable) || problem.length() > 1_000) {
                                escaped.add(path + " = " + shown(value) + ": problem not printable as it is: "
                                        + Problems.quote(problem.substring(0, Math.min(200, problem.length()))));
                            }
                        }
                    } catch (RuntimeException | Error e) {
                        escaped.add(path + " = " + shown(value) + ": " + e);
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(3_000);
        assertThat(escaped).isEmpty();
    }

    private static boolean unprintable(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** The path (keys and indexes) of every scalar in {@code node}, and of every map and list too. */
    private static List<List<Object>> leaves(JsonNode node, List<Object> path, List<List<Object>> found) {
        if (!path.isEmpty()) {
            found.add(List.copyOf(path));
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                path.add(field.getKey());
                leaves(field.getValue(), path, found);
                path.remove(path.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                leaves(node.get(i), path, found);
                path.remove(path.size() - 1);
            }
        }
        return found;
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = parentOf(root, path);
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    private static JsonNode parentOf(JsonNode root, List<Object> path) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        }
        return parent;
    }
}
