package dev.postern.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one place tests declare the secrets they use (app passwords, upstream and master passwords,
 * keys), so that the log-leak check ({@code LogLeakScanner}) can look for them in every log line
 * the test suite wrote. Each secret goes to {@value #FILE} in this module's test-log folder, one
 * per line, Base64-encoded (so any byte survives); nothing is ever printed.
 */
public final class TestSecrets {

    /** The file, next to {@code all.log}, that collects this module's secrets. */
    public static final String FILE = "secrets.txt";
    /** Shorter strings match ordinary words and are not worth checking. */
    public static final int MIN_LENGTH = 6;

    private static final Set<String> WRITTEN = new LinkedHashSet<>();

    private TestSecrets() {
    }

    /** The test-log folder of the module under test ({@code target/test-log}, or {@code -Dpostern.test.log.dir}). */
    public static Path folder() {
        return Path.of(System.getProperty("postern.test.log.dir", "target/test-log"));
    }

    /** Registers one secret exactly as it may appear. */
    public static synchronized void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || !WRITTEN.add(secret)) {
            return;
        }
        String line = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)) + "\n";
        try {
            Files.createDirectories(folder());
            Files.writeString(folder().resolve(FILE), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a test secret in " + folder().resolve(FILE), e);
        }
    }

    /**
     * Registers a password and the forms it travels in: as typed, without the grouping dashes of an
     * app password, and inside SASL PLAIN ({@code \0user\0password}) and SASL LOGIN payloads (Base64).
     */
    public static void registerPassword(String user, String password) {
        register(password);
        register(password.replace("-", "").replace(" ", ""));
        Base64.Encoder base64 = Base64.getEncoder();
        register(base64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        register(base64.encodeToString((user + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        register(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    }
}
