package dev.postern.imap.readonly;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The start of a command's first line: {@code tag SP name [SP uid-command]}, enough to decide what
 * the filter does with it. The tag follows RFC 9051 ({@code ASTRING-CHAR} except {@code +}), at most
 * {@value #MAX_TAG} octets; names are atoms of at most {@value #MAX_NAME} octets.
 *
 * @param tag        the client's tag, or null when the line does not start with a valid one
 * @param name       the command name in upper case, or null when missing or invalid
 * @param uidCommand after {@code UID}: the next command name in upper case, else null
 * @param nameStart  index (in the buffer) of the command name
 * @param nameEnd    index just after the command name
 */
record CommandHead(String tag, String name, String uidCommand, int nameStart, int nameEnd) {

    static final int MAX_TAG = 128;
    static final int MAX_NAME = 32;

    /** Whether a tag and a name could be read. */
    boolean isValid() {
        return tag != null && name != null;
    }

    /** The tag for a reply: the client's, or {@code *} when it could not be read. */
    String replyTag() {
        return tag != null ? tag : "*";
    }

    static CommandHead parse(ByteBuf buf, int start, int contentEnd) {
        int i = start;
        while (i < contentEnd && i - start < MAX_TAG && isTagChar(buf.getByte(i))) {
            i++;
        }
        if (i == start || i >= contentEnd || buf.getByte(i) != ' ') {
            return new CommandHead(null, null, null, start, start);
        }
        String tag = buf.toString(start, i - start, StandardCharsets.US_ASCII);
        int nameStart = i + 1;
        int nameEnd = atomEnd(buf, nameStart, contentEnd);
        if (nameEnd < 0) {
            return new CommandHead(tag, null, null, nameStart, nameStart);
        }
        String name = upper(buf, nameStart, nameEnd);
        String uidCommand = null;
        if (name.equals("UID") && nameEnd < contentEnd) {
            int subEnd = atomEnd(buf, nameEnd + 1, contentEnd);
            if (subEnd > 0) {
                uidCommand = upper(buf, nameEnd + 1, subEnd);
            }
        }
        return new CommandHead(tag, name, uidCommand, nameStart, nameEnd);
    }

    /** The end of a name atom at {@code from}, ended by SP or the end of the content; -1 if none is there. */
    private static int atomEnd(ByteBuf buf, int from, int contentEnd) {
        int i = from;
        while (i < contentEnd && i - from <= MAX_NAME && isNameChar(buf.getByte(i))) {
            i++;
        }
        if (i == from || i - from > MAX_NAME || (i < contentEnd && buf.getByte(i) != ' ')) {
            return -1;
        }
        return i;
    }

    private static String upper(ByteBuf buf, int from, int to) {
        return buf.toString(from, to - from, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    private static boolean isNameChar(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '.'
                || b == '_';
    }

    /** {@code ASTRING-CHAR} except {@code +}: a 7-bit CHAR but none of {@code ( ) { SP CTL % * " \ +}. */
    private static boolean isTagChar(byte b) {
        if (b <= 0x20 || b >= 0x7F) {
            return false;
        }
        return switch (b) {
            case '(', ')', '{', '%', '*', '"', '\\', '+' -> false;
            default -> true;
        };
    }
}
