package dev.postern.core.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an app password may be used for: one scope per protocol front. */
public enum Scope {
    IMAP, SMTP, POP3;

    /** The lower-case name used in configuration, the CLI and the store ({@code imap}, {@code smtp}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope parse(String text) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope \"" + text + "\" (expected: imap, smtp, pop3)");
    }

    /** Parses a comma-separated list such as {@code imap,smtp}; an empty list is refused. */
    public static Set<Scope> parseList(String text) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String part : text.split(",", -1)) {
            scopes.add(parse(part));
        }
        return scopes;
    }

    public static String format(Set<Scope> scopes) {
        StringBuilder out = new StringBuilder();
        for (Scope scope : EnumSet.copyOf(scopes)) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(scope.wireName());
        }
        return out.toString();
    }
}
