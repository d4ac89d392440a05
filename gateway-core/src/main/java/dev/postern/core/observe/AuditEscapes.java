package dev.postern.core.observe;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * How the audit log escapes characters in JSON strings: as Jackson does for ASCII (quotes,
 * backslashes and C0 controls), and, beyond ASCII, every character a line-oriented tool might take for
 * a line end or that does not show, as <code>&#92;uXXXX</code>: controls (Cc, e.g. U+0085 NEL), format
 * characters (Cf, e.g. U+200E, U+FEFF), the line and paragraph separators (Zl U+2028, Zp U+2029),
 * surrogates (Cs: every UTF-16 half, so a lone one is never written raw), private-use (Co) and
 * unassigned (Cn) code points. Letters, marks, symbols and spaces stay as typed.
 */
final class AuditEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return mustEscape(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }

    /** Whether a UTF-16 unit beyond ASCII is written as <code>&#92;uXXXX</code>. */
    static boolean mustEscape(int ch) {
        return switch (Character.getType(ch)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
