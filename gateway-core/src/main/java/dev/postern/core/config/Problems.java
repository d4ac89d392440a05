package dev.postern.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems while the whole file is read, then throws them together. */
final class Problems {

    private static final int MAX_SHOWN_LENGTH = 80;
    /** The longest value shown as it is (a file path, say); a longer one is cut. */
    private static final int MAX_VALUE_LENGTH = 300;

    private final List<String> lines = new ArrayList<>();

    /**
     * Records {@code <path>: <value> (<reason>)}, the value cut at {@value #MAX_VALUE_LENGTH} chars and
     * every control, line separator or invisible formatting character of the line written as
     * {@code \\uXXXX}: a key or a file name from the configuration never moves the cursor, recolours
     * the terminal or reorders the text an operator reads.
     */
    void add(String path, String value, String reason) {
        String shown = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) + "..." : value;
        lines.add(printable(path + ": " + shown + " (" + reason + ")"));
    }

    private static String printable(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
