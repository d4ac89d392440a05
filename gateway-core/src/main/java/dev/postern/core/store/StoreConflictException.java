package dev.postern.core.store;

/** The store refused a change because of the caller's input (duplicate label, unknown user...). */
public class StoreConflictException extends RuntimeException {
    public StoreConflictException(String message) {
        super(message);
    }
}
