package dev.postern.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the one line a verb takes on standard input (a password, a hash): the first line, its
 * trailing CR/LF removed, UTF-8, at most {@value #MAX_BYTES} bytes. Nothing read is ever echoed
 * or put in a message.
 */
final class StandardInput {

    static final int MAX_BYTES = 8192;

    private StandardInput() {
    }

    /**
     * The first line of {@code in}.
     *
     * @param what what the line should hold, for messages ("the upstream password")
     * @throws IllegalArgumentException when the input is empty, too long or not UTF-8
     */
    static String firstLine(InputStream in, String what) {
        byte[] buffer = new byte[MAX_BYTES + 1];
        int length = 0;
        try {
            int b;
            while (length <= MAX_BYTES && (b = in.read()) != -1 && b != '\n') {
                buffer[length++] = (byte) b;
            }
            if (length > MAX_BYTES) {
                throw new IllegalArgumentException("standard input: first line longer than " + MAX_BYTES
                        + " bytes (expected " + what + ")");
            }
            if (length > 0 && buffer[length - 1] == '\r') {
                length--;
            }
            if (length == 0) {
                throw new IllegalArgumentException("standard input: empty (expected " + what + " on the first line)");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("standard input: not UTF-8 text (expected " + what + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("standard input: cannot read (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
