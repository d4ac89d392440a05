package dev.postern.core.store;

/**
 * The store file was written by a newer Postern: its schema version is beyond the newest migration
 * this build knows, so reading or writing it could lose data.
 */
public class StoreSchemaTooNewException extends StoreUnavailableException {
    private final int fileVersion;
    private final int knownVersion;

    public StoreSchemaTooNewException(String message, int fileVersion, int knownVersion) {
        super(message);
        this.fileVersion = fileVersion;
        this.knownVersion = knownVersion;
    }

    /** The schema version found in the file ({@code PRAGMA user_version}). */
    public int fileVersion() {
        return fileVersion;
    }

    /** The newest schema version this build can migrate to. */
    public int knownVersion() {
        return knownVersion;
    }
}
