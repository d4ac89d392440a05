package dev.postern.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * The system accounts a test Dovecot's processes run as. As root (CI), Dovecot drops privileges
 * to the Debian package's users: {@code dovecot} (internal), {@code dovenull} (login) and
 * {@code nobody}/{@code nogroup} for mail (Dovecot refuses uid 0 for mail). As an ordinary user
 * (a developer machine), every process runs as that user and nothing is chrooted.
 *
 * @param root whether Dovecot's master runs as root
 * @param internalUser {@code default_internal_user}
 * @param internalGroup {@code default_internal_group}
 * @param loginUser {@code default_login_user}
 * @param mailUser {@code mail_uid}, or {@code null} to leave mail processes as the master's user
 * @param mailGroup {@code mail_gid}, or {@code null} with {@code mailUser}
 */
record DovecotAccounts(
        boolean root, String internalUser, String internalGroup, String loginUser, String mailUser, String mailGroup) {

    private static final DovecotAccounts AS_ROOT =
            new DovecotAccounts(true, "dovecot", "dovecot", "dovenull", "nobody", "nogroup");

    /** Chooses the accounts from the owner of {@code ownFile}, a file this JVM just created. */
    static DovecotAccounts forOwnerOf(Path ownFile) throws IOException {
        if (((Integer) Files.getAttribute(ownFile, "unix:uid")) == 0) {
            return AS_ROOT;
        }
        PosixFileAttributes attributes = Files.readAttributes(ownFile, PosixFileAttributes.class);
        String user = attributes.owner().getName();
        String group = attributes.group().getName();
        return new DovecotAccounts(false, user, group, user, null, null);
    }
}
