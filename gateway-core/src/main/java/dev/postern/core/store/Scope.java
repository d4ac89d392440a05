package dev.postern.core.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an app password may be used for: one scope per protocol front, and {@link #IMAP_READ}, IMAP
 * access that cannot change the mailbox (an alternative to {@link #IMAP}, never together with it).
 */
public enum Scope {
    IMAP("imap"), IMAP_READ("imap-read"), SMTP("smtp"), POP3("pop3");

    /** How the valid names are listed in messages. */
    static final String EXPECTED = "imap, imap-read, smtp, pop3";

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in configuration, the CLI and the store ({@code imap}, {@code imap-read}). */
    public String wireName() {
        return wireName;
    }

    /** Whether holding this scope lets an app password log in where {@code needed} is asked for. */
    public boolean grants(Scope needed) {
        return this == needed || (this == IMAP_READ && needed == IMAP);
    }

    /** Whether any of {@code held} grants {@code needed}. */
    public static boolean anyGrants(Set<Scope> held, Scope needed) {
        for (Scope scope : held) {
            if (scope.grants(needed)) {
                return true;
            }
        }
        return false;
    }

    public static Scope parse(String text) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope \"" + text + "\" (expected: " + EXPECTED + ")");
    }

    /** Parses a comma-separated list such as {@code imap,smtp}; an empty list is refused. */
    public static Set<Scope> parseList(String text) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String part : text.split(",", -1)) {
            scopes.add(parse(part));
        }
        return scopes;
    }

    /**
     * Checks a set of scopes a new app password is to get: not empty, and not both {@code imap} and
     * {@code imap-read} (read-only access next to full access would mean nothing).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Set<Scope> requireValid(Set<Scope> scopes) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("no scope given (expected one or more of: " + EXPECTED + ")");
        }
        if (scopes.contains(IMAP) && scopes.contains(IMAP_READ)) {
            throw new IllegalArgumentException("scopes imap and imap-read exclude each other: imap gives full IMAP"
                    + " access, imap-read read-only IMAP access; give one of them");
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
