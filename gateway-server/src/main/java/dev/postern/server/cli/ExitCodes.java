package dev.postern.server.cli;

/** The exit codes of every verb. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Refused: the request was understood but cannot be carried out (unknown id, duplicate label...). */
    public static final int REFUSED = 1;
    /** Usage or configuration error (bad option, invalid config file, unreadable store). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
