package dev.postern.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One argument of an {@link ImapCommand}. Passwords and SASL initial responses travel in atoms,
 * quoted strings and literals, so no {@code toString()} here prints a value.
 */
public sealed interface ImapArg permits ImapArg.Atom, ImapArg.Str, ImapArg.Nil, ImapArg.ListArg {

    /** An atom (US-ASCII), e.g. a mechanism name, a user name or a base64 SASL initial response. */
    record Atom(String value) implements ImapArg {
        public Atom {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Atom[" + value.length() + " chars]";
        }
    }

    /** A quoted string (escapes resolved) or a literal ({@code {n}} or {@code {n+}}): raw octets. */
    record Str(byte[] value) implements ImapArg {
        public Str {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The octets read as UTF-8 (malformed sequences become U+FFFD). */
        public String utf8() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Str s && Arrays.equals(value, s.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Str[" + value.length + " octets]";
        }
    }

    /**
     * The atom {@code NIL} in any case. Where an astring is expected (LOGIN user or password),
     * read it as the text {@code NIL}: the RFC grammar makes it an atom there.
     */
    record Nil() implements ImapArg {
        public static final Nil INSTANCE = new Nil();

        @Override
        public String toString() {
            return "NIL";
        }
    }

    /** A parenthesized list, e.g. the field/value pairs of {@code ID}. */
    record ListArg(List<ImapArg> items) implements ImapArg {
        public ListArg {
            items = List.copyOf(items);
        }
    }
}
