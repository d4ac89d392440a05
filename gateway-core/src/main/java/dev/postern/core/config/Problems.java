package dev.postern.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems while the whole file is read, then throws them together. */
final class Problems {

    private static final int MAX_SHOWN_LENGTH = 80;

    private final List<String> lines = new ArrayList<>();

    /** Records {@code <path>: <value> (<reason>)}. */
    void add(String path, String value, String reason) {
        lines.add(path + ": " + value + " (" + reason + ")");
    }

    /** A mark to compare with later: {@code count() > mark} means something went wrong since. */
    int count() {
        return lines.size();
    }

    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }

    /** A YAML value as shown in a message: text in quotes (shortened), numbers as written, maps and lists by kind. */
    static String show(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return node.isEmpty() ? "an empty map" : "a map";
        }
        if (node.isArray()) {
            return node.isEmpty() ? "an empty list" : "a list";
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.length() > MAX_SHOWN_LENGTH) {
                text = text.substring(0, MAX_SHOWN_LENGTH) + "...";
            }
            return quote(text);
        }
        return node.toString();
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < ' ') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
