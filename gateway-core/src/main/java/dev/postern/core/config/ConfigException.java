package dev.postern.core.config;

import java.util.List;

/**
 * The configuration cannot be used. Holds every problem found, one line each, in the form
 * {@code <key path>: <value> (<what was expected>)}, e.g.
 * {@code imap.upstream.tls: "tls" (expected one of: implicit, starttls, none)}.
 * A value in quotes is shown as written in the file; an unquoted value is what Postern made of it
 * (a resolved path, an enum name). Secrets never appear.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected at least one problem)");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the sections were read. */
    public List<String> problems() {
        return problems;
    }
}
