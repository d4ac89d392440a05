package dev.postern.core.auth.sasl;

import java.util.Objects;

/** One decoded step of a SASL LOGIN exchange: the user name or the password. */
public sealed interface SaslText permits SaslText.Value, SaslText.Malformed {

    /** The decoded text. It may be a password, so {@link #toString()} shows only its length. */
    record Value(String text) implements SaslText {
        public Value {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "Value[" + text.length() + " chars]";
        }
    }

    /** The line is not acceptable; {@code reason} never contains the payload. */
    record Malformed(String reason) implements SaslText {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
