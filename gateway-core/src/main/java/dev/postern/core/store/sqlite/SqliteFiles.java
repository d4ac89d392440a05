package dev.postern.core.store.sqlite;

import dev.postern.core.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks and prepares the place of the SQLite file before SQLite opens it, so the common mistakes
 * (folder missing or not creatable, a folder where the file should be, no permission) read as plain
 * sentences naming the path instead of SQLite's generic "unable to open database file".
 */
final class SqliteFiles {
    private SqliteFiles() {
    }

    /** Creates the missing parent folders of {@code file} and checks that SQLite may read and write there. */
    static void prepare(Path file) {
        String where = SqliteErrors.where(file.toString());
        Path folder = file.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            Path blocker = nearestExisting(folder);
            if (blocker != null && !Files.isDirectory(blocker)) {
                throw new StoreUnavailableException(where + ": cannot create folder " + folder + " (" + blocker
                        + " exists and is not a folder)");
            }
            try {
                Files.createDirectories(folder);
            } catch (FileAlreadyExistsException e) {
                throw new StoreUnavailableException(where + ": cannot create folder " + folder + " ("
                        + e.getFile() + " exists and is not a folder)", e);
            } catch (AccessDeniedException e) {
                throw new StoreUnavailableException(where + ": cannot create folder " + folder + " (permission denied)", e);
            } catch (IOException e) {
                String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.toString();
                throw new StoreUnavailableException(where + ": cannot create folder " + folder + " (" + reason + ")", e);
            }
        }
        if (Files.isDirectory(file)) {
            throw new StoreUnavailableException(where + ": is a folder (expected: a SQLite database file)");
        }
        if (Files.exists(file) && (!Files.isReadable(file) || !Files.isWritable(file))) {
            throw new StoreUnavailableException(where + ": cannot " + (Files.isReadable(file) ? "write" : "read")
                    + " the file (permission denied)");
        }
        if (folder != null && !Files.isWritable(folder)) {
            throw new StoreUnavailableException(where + ": cannot write in folder " + folder
                    + " (permission denied; SQLite creates the file and its -wal and -shm files there)");
        }
    }

    private static Path nearestExisting(Path path) {
        for (Path candidate = path; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
