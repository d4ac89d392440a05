package dev.postern.smtp.front;

import java.util.Locale;

/** A command line split into its verb (upper case) and the rest (trimmed, possibly empty). */
record SmtpCommandLine(String verb, String argument) {

    static SmtpCommandLine parse(String line) {
        String trimmed = line.strip();
        int space = trimmed.indexOf(' ');
        String verb = space < 0 ? trimmed : trimmed.substring(0, space);
        String argument = space < 0 ? "" : trimmed.substring(space + 1).strip();
        return new SmtpCommandLine(verb.toUpperCase(Locale.ROOT), argument);
    }

    /** The argument's words, split on runs of spaces; empty when there is no argument. */
    String[] words() {
        return argument.isEmpty() ? new String[0] : argument.split(" +");
    }
}
