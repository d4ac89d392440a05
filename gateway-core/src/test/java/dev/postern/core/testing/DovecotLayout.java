package dev.postern.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a test Dovecot keeps its files, all inside one work folder. Only the runtime directory
 * ({@code base_dir}) may live elsewhere: it holds UNIX sockets, whose paths are limited to 107
 * bytes, so a deep work folder gets a short private runtime directory under {@code /tmp}.
 */
record DovecotLayout(Path workDir, Path baseDir, boolean privateBaseDir) {

    /** Paths are written unquoted into dovecot.conf, where '%' and spaces would change their meaning. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._/+-]+");
    /** Leaves room below the 107-byte socket limit for names like "token-login/tokenlogin". */
    private static final int MAX_BASE_DIR_LENGTH = 70;

    static DovecotLayout in(Path workDir) throws IOException {
        Path absolute = workDir.toAbsolutePath().normalize();
        if (!PLAIN_PATH.matcher(absolute.toString()).matches()) {
            throw new IllegalArgumentException("workDir: " + absolute
                    + " (expected: a path made of letters, digits and ._/+- only)");
        }
        Files.createDirectories(absolute);
        Path baseDir = absolute.resolve("run");
        if (baseDir.toString().length() <= MAX_BASE_DIR_LENGTH) {
            return new DovecotLayout(absolute, baseDir, false);
        }
        return new DovecotLayout(absolute, Files.createTempDirectory(Path.of("/tmp"), "dovecot-run-"), true);
    }

    Path config() {
        return workDir.resolve("dovecot.conf");
    }

    Path log() {
        return workDir.resolve("dovecot.log");
    }

    /** Dovecot's own stdout/stderr: errors from before {@code log_path} is opened land here. */
    Path console() {
        return workDir.resolve("dovecot.console");
    }

    Path users() {
        return workDir.resolve("users.passwd");
    }

    Path masterUsers() {
        return workDir.resolve("masters.passwd");
    }

    Path stateDir() {
        return workDir.resolve("state");
    }

    Path mailRoot() {
        return workDir.resolve("mail");
    }

    Path certificatePem() {
        return workDir.resolve("tls").resolve("cert.pem");
    }

    Path privateKeyPem() {
        return workDir.resolve("tls").resolve("key.pem");
    }
}
