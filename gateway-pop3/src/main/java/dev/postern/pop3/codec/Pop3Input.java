package dev.postern.pop3.codec;

import dev.postern.core.front.LineDecoder;
import java.util.Objects;

/** What the pre-auth decoder emits: one line of text, or a refusal of malformed input (never an exception). */
public sealed interface Pop3Input permits Pop3Input.Line, Pop3Input.Malformed {

    /**
     * A line without its line ending, one char per octet (ISO-8859-1). It may be a password or a
     * SASL response: never log it.
     */
    record Line(String text) implements Pop3Input {
        public Line {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "Line[" + text.length() + " chars]";
        }
    }

    /**
     * Input the front refuses. {@code fatal} values end the connection; after a non-fatal one the
     * decoder is back in step at the start of the next line.
     */
    record Malformed(String reason, boolean fatal) implements Pop3Input {

        public static final String LINE_TOO_LONG = LineDecoder.LINE_TOO_LONG;
        public static final String NUL_OCTET = LineDecoder.NUL_OCTET;
        public static final String BARE_CR = LineDecoder.BARE_CR;
        public static final String TOO_MUCH_WHILE_SUSPENDED = LineDecoder.TOO_MUCH_WHILE_SUSPENDED;

        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
