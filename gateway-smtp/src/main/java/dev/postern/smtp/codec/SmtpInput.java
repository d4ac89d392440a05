package dev.postern.smtp.codec;

import dev.postern.core.front.LineDecoder;
import java.util.Objects;

/** What the pre-auth decoder emits: one line of text, or a refusal of malformed input (never an exception). */
public sealed interface SmtpInput permits SmtpInput.Line, SmtpInput.Chunk, SmtpInput.Malformed {

    /** A line without its line ending, one char per octet (ISO-8859-1). It may be a SASL response: never log it. */
    record Line(String text) implements SmtpInput {
        public Line {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "Line[" + text.length() + " chars]";
        }
    }

    /**
     * A {@code BDAT <size> [LAST]} command (RFC 3030) seen before login. Its {@code size} octets are
     * the chunk, not commands: the decoder skips exactly that many (across reads) and never emits them.
     */
    record Chunk(long size, boolean last) implements SmtpInput {
    }

    /**
     * Input the front refuses. {@code fatal} values end the connection; after a non-fatal one the
     * decoder is back in step at the start of the next line.
     */
    record Malformed(String reason, boolean fatal) implements SmtpInput {

        public static final String LINE_TOO_LONG = LineDecoder.LINE_TOO_LONG;
        public static final String NUL_OCTET = LineDecoder.NUL_OCTET;
        public static final String BARE_CR = LineDecoder.BARE_CR;
        public static final String TOO_MUCH_WHILE_SUSPENDED = LineDecoder.TOO_MUCH_WHILE_SUSPENDED;
        /** A BDAT chunk larger than the decoder skips before login (fatal: the connection is closed). */
        public static final String CHUNK_TOO_LARGE = "BDAT chunk too large before login";

        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
