package dev.postern.server.cli;

/** A verb's request was understood but refused; the message is printed as is and the exit code is 1. */
public class RefusedException extends RuntimeException {
    public RefusedException(String message) {
        super(message);
    }
}
