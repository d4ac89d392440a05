package dev.postern.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML configuration file, binds it to {@link GatewayConfig} and validates it. Every
 * problem in the file is collected and reported at once in a {@link ConfigException}.
 */
public final class ConfigLoader {

    /** The environment variable naming the configuration file. */
    public static final String CONFIG_ENV = "POSTERN_CONFIG";
    /** The file read when {@link #CONFIG_ENV} is not set. */
    public static final Path DEFAULT_FILE = Path.of("./postern.yml");

    static final String CONFIG_FILE = "config file";
    static final String EMPTY = "empty";
    static final String EXPECTED_MAP = "expected a YAML map of settings";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /** {@code $POSTERN_CONFIG} if set, else {@code ./postern.yml}. */
    public static Path defaultLocation() {
        return defaultLocation(System.getenv());
    }

    /** As {@link #defaultLocation()}, with the environment given. */
    public static Path defaultLocation(Map<String, String> env) {
        String configured = env.get(CONFIG_ENV);
        return configured == null || configured.isBlank() ? DEFAULT_FILE : Path.of(configured);
    }

    /** Reads and validates {@code file}; relative paths in it resolve against its folder. */
    public static GatewayConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** As {@link #load(Path)}, with the environment ({@code master-password-env}) given. */
    public static GatewayConfig load(Path file, Map<String, String> env) {
        Path absolute = file.toAbsolutePath().normalize();
        String unreadable = ReadableFiles.problemWith(absolute);
        if (unreadable != null) {
            throw new ConfigException(List.of(absolute + ": " + CONFIG_FILE + " (" + unreadable + ")"));
        }
        String yaml;
        try {
            yaml = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (IOException failure) {
            String trouble = ReadableFiles.describe(failure);
            throw new ConfigException(List.of(absolute + ": " + CONFIG_FILE + " (" + trouble + ")"));
        }
        return parse(yaml, absolute, absolute.getParent(), env);
    }

    /** Parses YAML text; relative paths resolve against {@code baseDir}. */
    public static GatewayConfig parse(String yaml, Path baseDir) {
        return parse(yaml, baseDir, System.getenv());
    }

    /** As {@link #parse(String, Path)}, with the environment given. */
    public static GatewayConfig parse(String yaml, Path baseDir, Map<String, String> env) {
        Path absolute = baseDir.toAbsolutePath().normalize();
        return parse(yaml, absolute, absolute, env);
    }

    private static GatewayConfig parse(String yaml, Path source, Path baseDir, Map<String, String> env) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(env, "env");
        JsonNode tree = readTree(yaml, source);
        Problems problems = new Problems();
        if (tree.isMissingNode() || tree.isNull()) {
            problems.add(source.toString(), EMPTY, EXPECTED_MAP);
        } else if (!tree.isObject()) {
            problems.add(source.toString(), Problems.show(tree), EXPECTED_MAP);
        }
        problems.throwIfAny();
        ConfigReader root = ConfigReader.root(tree, baseDir, problems, GatewayConfig.KEYS);
        GatewayConfig config = GatewayConfigBinder.bind(root, source, Map.copyOf(env), LocalHostName::get);
        problems.throwIfAny();
        return config;
    }

    private static JsonNode readTree(String yaml, Path source) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            return tree == null ? YAML.missingNode() : tree;
        } catch (JsonProcessingException syntax) {
            throw new ConfigException(List.of(source + ": " + describe(syntax)));
        }
    }

    /** Where and what, from SnakeYAML's own mark and problem when it has them (no file content). */
    private static String describe(JsonProcessingException syntax) {
        if (syntax.getCause() instanceof MarkedYAMLException) {
            MarkedYAMLException yaml = (MarkedYAMLException) syntax.getCause();
            Mark mark = yaml.getProblemMark();
            if (mark != null && yaml.getProblem() != null) {
                String context = yaml.getContext() == null ? "" : " " + yaml.getContext();
                return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                        + " (invalid YAML: " + yaml.getProblem().trim() + context + ")";
            }
        }
        return where(syntax.getLocation()) + " (invalid YAML: " + firstLine(syntax.getOriginalMessage()) + ")";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "somewhere";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).trim();
    }
}
