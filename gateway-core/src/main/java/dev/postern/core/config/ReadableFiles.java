package dev.postern.core.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a file named in the configuration can be read now, and reads small secret files. */
final class ReadableFiles {

    static final String NO_SUCH_FILE = "cannot read: no such file";
    static final String NOT_A_FILE = "cannot read: not a regular file";
    static final String NOT_READABLE = "cannot read: permission denied";
    static final String NOT_TEXT = "cannot read: not UTF-8 text";
    static final String IO_ERROR = "cannot read: ";

    private ReadableFiles() {
    }

    /** Null when the file exists, is a regular file and is readable; else why not. */
    static String problemWith(Path file) {
        if (!Files.exists(file)) {
            return NO_SUCH_FILE;
        }
        if (!Files.isRegularFile(file)) {
            return NOT_A_FILE;
        }
        if (!Files.isReadable(file)) {
            return NOT_READABLE;
        }
        return null;
    }

    /** Reads a secret file as UTF-8 without one trailing line break ({@code \n} or {@code \r\n}). */
    static String readSecret(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        if (text.endsWith("\n")) {
            return text.substring(0, text.length() - 1);
        }
        return text;
    }

    /** Why reading failed, without the file's content. */
    static String describe(IOException failure) {
        if (failure instanceof CharacterCodingException) {
            return NOT_TEXT;
        }
        return IO_ERROR + failure.getClass().getSimpleName();
    }
}
