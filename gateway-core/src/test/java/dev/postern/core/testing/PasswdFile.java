package dev.postern.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Dovecot {@code passwd-file} with {@code {PLAIN}} passwords, for tests only. Written by
 * atomic replacement, so a running Dovecot picks up a changed file on its next lookup.
 */
final class PasswdFile {

    /** No ':' (field separator), no '*' (master separator), nothing Dovecot would expand. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");
    private static final Pattern PASSWORD = Pattern.compile("[^:\\r\\n\\x00]{1,256}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswdFile() {
    }

    /** A random password of 24 URL-safe characters. */
    static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void checkUser(String user) {
        if (user == null || !USER_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("user: '" + user
                    + "' (expected: 1-64 characters from A-Z a-z 0-9 . _ @ + -)");
        }
    }

    static void checkPassword(String user, String password) {
        if (password == null || !PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("password of user '" + user
                    + "': rejected (expected: 1-256 characters without ':', CR, LF or NUL)");
        }
    }

    /**
     * Replaces {@code file} with one line per entry. As root the file is group-readable by
     * Dovecot's internal group (the auth process reads it), otherwise private to its owner.
     */
    static void write(Path file, Map<String, String> passwords, DovecotAccounts accounts) throws IOException {
        StringBuilder lines = new StringBuilder();
        passwords.forEach((user, password) ->
                lines.append(user).append(":{PLAIN}").append(password).append("::::::\n"));
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, lines, StandardCharsets.UTF_8);
        if (accounts.root()) {
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            GroupPrincipal group = temp.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(accounts.internalGroup());
            view.setGroup(group);
            view.setPermissions(PosixFilePermissions.fromString("rw-r-----"));
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
