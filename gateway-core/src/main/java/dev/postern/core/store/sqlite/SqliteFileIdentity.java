package dev.postern.core.store.sqlite;

import dev.postern.core.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Remembers which file a store opened (its file key: device and inode on Unix) so that a readiness
 * probe can tell when the path no longer leads there. SQLite keeps reading a deleted or replaced
 * file through the connections it holds, so without this check a gateway whose database was moved
 * away (or restored by replacing the file) looks healthy while the command line writes revocations
 * to a different file.
 */
final class SqliteFileIdentity {

    private final Path path;
    private final Object fileKey;

    private SqliteFileIdentity(Path path, Object fileKey) {
        this.path = path;
        this.fileKey = fileKey;
    }

    /** The identity of the file at {@code path} now; without a file key (some platforms) only presence is checked. */
    static SqliteFileIdentity of(Path path) {
        Object key;
        try {
            key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            key = null;
        }
        return new SqliteFileIdentity(path, key);
    }

    /** Throws {@link StoreUnavailableException} if the path is gone, is not a file, or leads to another file. */
    void check() {
        String where = SqliteErrors.where(path.toString());
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new StoreUnavailableException(where + ": the file is gone (deleted or moved since the gateway opened it;"
                    + " put it back or restart)", e);
        } catch (IOException e) {
            throw new StoreUnavailableException(where + ": cannot read the file's attributes (" + e + ")", e);
        }
        if (!now.isRegularFile()) {
            throw new StoreUnavailableException(where + ": is no longer a regular file (expected: the SQLite database"
                    + " the gateway opened)");
        }
        if (fileKey != null && !fileKey.equals(now.fileKey())) {
            throw new StoreUnavailableException(where + ": was replaced by another file since the gateway opened it"
                    + " (the gateway still reads the old one; restart it to use the new file)");
        }
    }
}
