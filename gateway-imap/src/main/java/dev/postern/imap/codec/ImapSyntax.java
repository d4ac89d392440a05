package dev.postern.imap.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Character classes of the IMAP grammar (RFC 9051 §9) that the pre-auth decoder needs. */
final class ImapSyntax {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte NUL = 0;

    private ImapSyntax() {
    }

    /** ATOM-CHAR: any 7-bit CHAR except atom-specials {@code ( ) { SP CTL % * " \ ]}. */
    static boolean isAtomChar(int b) {
        if (b <= 0x20 || b >= 0x7F) {
            return false;
        }
        return switch (b) {
            case '(', ')', '{', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    /** A tag: ASTRING-CHAR ({@code ATOM-CHAR / "]"}) except {@code +}. */
    static boolean isTagChar(int b) {
        return b != '+' && (isAtomChar(b) || b == ']');
    }

    /** An atom argument: ASTRING-CHAR plus the list wildcards {@code % *}. */
    static boolean isArgAtomChar(int b) {
        return isAtomChar(b) || b == ']' || b == '%' || b == '*';
    }

    /**
     * The tag at the start of {@code length} octets from {@code offset}, or {@code null} when the
     * line does not start with a valid tag followed by a space. Used to tag errors.
     */
    static String tagOf(ByteBuf buf, int offset, int length) {
        for (int i = 0; i < length; i++) {
            byte b = buf.getByte(offset + i);
            if (b == SP) {
                return i == 0 ? null : buf.toString(offset, i, StandardCharsets.US_ASCII);
            }
            if (!isTagChar(b)) {
                return null;
            }
        }
        return null;
    }
}
