package dev.postern.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks through log files for secrets: every string registered with {@link TestSecrets} and
 * anything shaped like a stored password hash. A finding names the file, the line number and which
 * secret matched (its index in the registry, or the hash kind); it never contains the secret or the line.
 */
public final class LogLeakScanner {

    /** Stored-hash prefixes (Argon2, bcrypt, PBKDF2 in PHC form) that must never reach a log. */
    public static final Pattern HASH = Pattern.compile("\\$(argon2(id|i|d)\\$|2[aby]\\$\\d\\d\\$|pbkdf2-sha(256|512)\\$)");

    /** One leak: where, and which secret. */
    public record Finding(Path file, int line, String what) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + what;
        }
    }

    private final List<String> secrets;

    public LogLeakScanner(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** The secrets registered in every {@code secrets.txt} of the given test-log folders. */
    public static List<String> registeredSecrets(List<Path> folders) throws IOException {
        List<String> secrets = new ArrayList<>();
        for (Path folder : folders) {
            Path file = folder.resolve(TestSecrets.FILE);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    String secret = new String(Base64.getDecoder().decode(line.strip()), StandardCharsets.UTF_8);
                    if (!secrets.contains(secret)) {
                        secrets.add(secret);
                    }
                }
            }
        }
        return secrets;
    }

    /** Every {@code *.log} file directly in the folders. */
    public static List<Path> logFiles(List<Path> folders) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> list = Files.list(folder)) {
                    list.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    public List<Finding> scan(List<Path> files) throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    check(file, number, line, findings);
                }
            }
        }
        return findings;
    }

    private void check(Path file, int number, String line, List<Finding> findings) {
        for (int i = 0; i < secrets.size(); i++) {
            if (line.contains(secrets.get(i))) {
                findings.add(new Finding(file, number, "registered secret #" + i));
            }
        }
        if (HASH.matcher(line).find()) {
            findings.add(new Finding(file, number, "a password hash"));
        }
    }
}
