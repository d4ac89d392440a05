package dev.postern.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Prepares a test Dovecot's folders. As root, Dovecot's unprivileged processes ({@code dovecot}
 * reads the passwd-files, {@code nobody} writes mail) must be able to reach them, so the work
 * folder and its temporary ancestors get search permission for others and the mail folder
 * belongs to the mail user.
 */
final class WorkDirs {

    private WorkDirs() {
    }

    /** Creates the folders and returns the accounts Dovecot will run as. */
    static DovecotAccounts prepare(DovecotLayout layout) throws IOException {
        Files.createDirectories(layout.stateDir());
        Files.createDirectories(layout.mailRoot());
        Files.createDirectories(layout.baseDir());
        Path probe = Files.createTempFile(layout.workDir(), ".owner-", ".probe");
        DovecotAccounts accounts;
        try {
            accounts = DovecotAccounts.forOwnerOf(probe);
        } finally {
            Files.delete(probe);
        }
        if (accounts.root()) {
            Files.setPosixFilePermissions(layout.baseDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            makeReachable(layout.workDir());
            PosixFileAttributeView mail = Files.getFileAttributeView(layout.mailRoot(), PosixFileAttributeView.class);
            UserPrincipalLookupService lookup = layout.mailRoot().getFileSystem().getUserPrincipalLookupService();
            mail.setOwner(lookup.lookupPrincipalByName(accounts.mailUser()));
            mail.setGroup(lookup.lookupPrincipalByGroupName(accounts.mailGroup()));
            mail.setPermissions(PosixFilePermissions.fromString("rwx------"));
        }
        return accounts;
    }

    /**
     * Adds search permission for others to {@code dir} and to each ancestor inside the temporary
     * folder (such as a JUnit {@code @TempDir}); any other ancestor must already allow it.
     */
    private static void makeReachable(Path dir) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path current = dir; current != null; current = current.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(current);
            if (permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                continue;
            }
            if (current.equals(dir) || (current.startsWith(tmp) && !current.equals(tmp))) {
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                permissions.add(PosixFilePermission.GROUP_EXECUTE);
                Files.setPosixFilePermissions(current, permissions);
            } else {
                throw new IllegalStateException("workDir ancestor " + current + ": mode "
                        + PosixFilePermissions.toString(permissions) + " (expected: others may search it,"
                        + " so Dovecot's unprivileged processes can reach " + dir + ")");
            }
        }
    }

    /** Deletes {@code dir} and everything below it, as far as possible. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover runtime directory under /tmp is harmless
        }
    }
}
