package dev.postern.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks one map of the YAML tree. Knows its key path ({@code imap.listeners[1]}), the keys allowed in
 * it, the folder relative paths start from, and the shared {@link Problems}. Every getter reports a
 * bad value as a problem and returns the fallback (or null), so reading always goes on to the end.
 */
final class ConfigReader {

    static final String MISSING = "missing";
    /** How a URL that may hold a secret and cannot even be parsed is shown in a message. */
    static final String HIDDEN_URL = "(not shown: it may hold a token)";

    private final String path;
    private final JsonNode node;
    private final Path baseDir;
    private final Problems problems;

    private ConfigReader(String path, JsonNode node, Path baseDir, Problems problems, Set<String> allowed) {
        this.path = path;
        this.node = node;
        this.baseDir = baseDir;
        this.problems = problems;
        if (node != null) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    problems.add(pathOf(name), "unknown key", "expected one of: " + String.join(", ", allowed));
                }
            }
        }
    }

    /** The top level of the file, which must be a map. */
    static ConfigReader root(JsonNode tree, Path baseDir, Problems problems, String... allowed) {
        return new ConfigReader("", tree, baseDir, problems, keys(allowed));
    }

    Problems problems() {
        return problems;
    }

    Path baseDir() {
        return baseDir;
    }

    /** False when this section is absent from the file (or was not a map, which is already reported). */
    boolean isPresent() {
        return node != null;
    }

    /** True when the key is present with a non-null value. */
    boolean has(String key) {
        return value(key) != null;
    }

    /** The full key path of a key in this section, e.g. {@code imap.upstream.tls}. */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of this section itself. */
    String path() {
        return path;
    }

    void problem(String key, String value, String reason) {
        problems.add(pathOf(key), value, reason);
    }

    /** A nested map; absent when the key is missing (check {@link #isPresent()}). */
    ConfigReader section(String key, String... allowed) {
        JsonNode value = value(key);
        if (value != null && !value.isObject()) {
            problem(key, Problems.show(value), "expected a map with keys: " + String.join(", ", allowed));
            value = null;
        }
        return new ConfigReader(pathOf(key), value, baseDir, problems, keys(allowed));
    }

    /** A nested map that must be present; reported when missing. */
    ConfigReader requiredSection(String key, String... allowed) {
        if (!has(key)) {
            problem(key, MISSING, "expected a map with keys: " + String.join(", ", allowed));
        }
        return section(key, allowed);
    }

    /** The value of a key as shown in messages, {@code null} when absent. */
    String show(String key) {
        return Problems.show(value(key));
    }

    /** A required, non-empty list of maps; an empty list when anything is wrong (already reported). */
    List<ConfigReader> sections(String key, String... allowed) {
        JsonNode value = value(key);
        String expected = "expected a non-empty list of maps with keys: " + String.join(", ", allowed);
        if (value == null) {
            problem(key, MISSING, expected);
            return List.of();
        }
        if (!value.isArray() || value.isEmpty()) {
            problem(key, Problems.show(value), expected);
            return List.of();
        }
        List<ConfigReader> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            JsonNode item = value.get(i);
            if (item.isObject()) {
                items.add(new ConfigReader(itemPath, item, baseDir, problems, keys(allowed)));
            } else {
                problems.add(itemPath, Problems.show(item), expected);
            }
        }
        return items;
    }

    /** Text, or null when absent or not text (reported). */
    String text(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(key, Problems.show(value), "expected text");
            return null;
        }
        return value.asText();
    }

    /** Text, or null when absent or not text; never reported (for a look ahead at a key read elsewhere). */
    String peekText(String key) {
        JsonNode value = value(key);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /** Text that must be present and not blank; null (reported) otherwise. */
    String requiredText(String key, String expected) {
        JsonNode value = value(key);
        if (value == null) {
            problem(key, MISSING, expected);
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(key, Problems.show(value), expected);
            return null;
        }
        return value.asText();
    }

    int integer(String key, int fallback, int min, int max) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            problem(key, Problems.show(value), "expected a whole number from " + min + " to " + max);
            return fallback;
        }
        int number = value.intValue();
        if (number < min) {
            problem(key, Problems.show(value), "expected at least " + min);
        } else if (number > max) {
            problem(key, Problems.show(value), "expected at most " + max);
        }
        return number;
    }

    /** A list of texts (possibly empty); {@code fallback} when absent, and when wrong (reported). */
    List<String> texts(String key, List<String> fallback, String expected) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isArray()) {
            problem(key, Problems.show(value), "expected a list; " + expected);
            return fallback;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isTextual()) {
                items.add(item.asText());
            } else {
                problems.add(pathOf(key) + "[" + i + "]", Problems.show(item), expected);
            }
        }
        return items;
    }

    boolean flag(String key, boolean fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(key, Problems.show(value), "expected true or false");
            return fallback;
        }
        return value.booleanValue();
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        Duration duration;
        try {
            duration = Durations.parse(value.isTextual() ? value.asText() : null);
        } catch (IllegalArgumentException bad) {
            problem(key, Problems.show(value), Durations.EXPECTED);
            return fallback;
        }
        if (duration.compareTo(min) < 0) {
            problem(key, Problems.show(value), "expected at least " + Durations.format(min));
        } else if (duration.compareTo(max) > 0) {
            problem(key, Problems.show(value), "expected at most " + Durations.format(max));
        }
        return duration;
    }

    /**
     * A required URL that Postern calls or sends browsers to: https, or plain http on a loopback address
     * ({@link HostPort#isLoopback()}: localhost, 127.0.0.0/8, [::1]), with a host, without user or
     * fragment, and without a query unless {@code queryAllowed}; null (reported) otherwise. A URL that
     * may carry a secret in its path or query ({@code secret}) is shown in messages as its origin only.
     */
    URI webUrl(String key, String expected, boolean queryAllowed, boolean secret) {
        String text = requiredText(key, expected);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            problem(key, secret ? HIDDEN_URL : show(key), "not a URL (" + e.getReason() + "); " + expected);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost());
        if (!allowed || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || uri.getRawQuery() != null && !queryAllowed) {
            String shown = !secret ? show(key) : uri.getHost() == null ? HIDDEN_URL : origin(uri);
            problem(key, shown, expected + (queryAllowed ? ", without user or fragment" : ", without user, query or fragment"));
            return null;
        }
        return uri;
    }

    /** Scheme, host and port of {@code url}: what may be shown of a URL that may hold a secret. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Whether a URL's host ({@code [::1]} in brackets, as {@link URI#getHost()} gives an IPv6 literal) is loopback. */
    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return new HostPort(bare, 0).isLoopback();
        } catch (IllegalArgumentException notAHost) {
            return false;
        }
    }

    /** A {@code host:port} to connect to (port 1-65535); when {@code fallback} is null the key is required. */
    HostPort address(String key, HostPort fallback) {
        return address(key, fallback, false);
    }

    /** A {@code host:port} to listen on, where port 0 means any free port; when {@code fallback} is null the key is required. */
    HostPort listenAddress(String key, HostPort fallback) {
        return address(key, fallback, true);
    }

    private HostPort address(String key, HostPort fallback, boolean anyPortAllowed) {
        String expected = HostPort.EXPECTED;
        JsonNode value = value(key);
        if (value == null) {
            if (fallback == null) {
                problem(key, MISSING, expected);
            }
            return fallback;
        }
        try {
            if (value.isTextual()) {
                HostPort parsed = HostPort.parse(value.asText());
                if (parsed.port() != 0 || anyPortAllowed) {
                    return parsed;
                }
            }
        } catch (IllegalArgumentException bad) {
            // reported below
        }
        problem(key, Problems.show(value), expected);
        return null;
    }

    /** One of a fixed set of names; when {@code fallback} is null the key is required. */
    <E extends Enum<E>> E choice(String key, E[] options, Function<E, String> wireName, E fallback) {
        JsonNode value = value(key);
        List<String> names = new ArrayList<>();
        for (E option : options) {
            names.add(wireName.apply(option));
        }
        String expected = "expected one of: " + String.join(", ", names);
        if (value == null) {
            if (fallback == null) {
                problem(key, MISSING, expected);
            }
            return fallback;
        }
        for (E option : options) {
            if (value.isTextual() && wireName.apply(option).equals(value.asText())) {
                return option;
            }
        }
        problem(key, Problems.show(value), expected);
        return null;
    }

    /** A path resolved against the config file's folder; null when absent or not text (reported). */
    Path path(String key) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            problem(key, Problems.quote(text), "expected a file path");
            return null;
        }
        try {
            return resolve(text);
        } catch (InvalidPathException e) {
            problem(key, Problems.show(value(key)), "expected a file path (" + e.getReason() + ")");
            return null;
        }
    }

    /** A file that must exist and be readable now; null (reported) otherwise. */
    Path readableFile(String key, boolean required) {
        if (required && !has(key)) {
            problem(key, MISSING, "expected the path of a readable file");
            return null;
        }
        Path file = path(key);
        if (file == null) {
            return null;
        }
        String trouble = ReadableFiles.problemWith(file);
        if (trouble != null) {
            problem(key, file.toString(), trouble);
            return null;
        }
        return file;
    }

    /**
     * A small secret read from a file now (one trailing line break dropped); null when the key is
     * absent or something is wrong (reported, naming the file but never its content).
     *
     * @param what what the file must hold, for the message, e.g. {@code "a non-empty password"}
     */
    Secret secretFile(String key, boolean required, String what) {
        Path file = readableFile(key, required);
        if (file == null) {
            return null;
        }
        String secret;
        try {
            secret = ReadableFiles.readSecret(file);
        } catch (IOException failure) {
            problem(key, file.toString(), ReadableFiles.describe(failure));
            return null;
        }
        if (secret.isEmpty()) {
            problem(key, file.toString(), "expected a file holding " + what);
            return null;
        }
        return new Secret(secret);
    }

    Path resolve(String text) {
        return baseDir.resolve(text).normalize();
    }

    private JsonNode value(String key) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private static Set<String> keys(String... allowed) {
        return new LinkedHashSet<>(List.of(allowed));
    }
}
