package dev.postern.core.config;

import java.util.Objects;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * A PostgreSQL database as the shared store ({@code store.postgresql}): several gateways and the
 * command line use it at once, with no coordination besides it.
 *
 * @param url      the pgjdbc URL, {@code jdbc:postgresql://host:5432/postern}; it may carry driver
 *                 options such as {@code sslmode}, but never the password
 * @param user     the database role
 * @param password read from {@code password-file}; null for a role that needs none (peer, trust,
 *                 certificate authentication)
 * @param poolSize the most connections one process holds open (HikariCP)
 */
public record PostgresqlConfig(String url, String user, Secret password, int poolSize) {

    public static final int DEFAULT_POOL_SIZE = 10;

    static final String URL = "url";
    static final String USER = "user";
    static final String PASSWORD_FILE = "password-file";
    static final String POOL_SIZE = "pool-size";
    static final String[] KEYS = {URL, USER, PASSWORD_FILE, POOL_SIZE};

    public PostgresqlConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: at least 1)");
        }
    }

    /** Null when something is wrong (reported). */
    static PostgresqlConfig bind(ConfigReader section) {
        String url = section.requiredText(URL, "expected a PostgreSQL JDBC URL such as jdbc:postgresql://db.example.com:5432/postern");
        String user = section.requiredText(USER, "expected the PostgreSQL role the gateway signs in as");
        Secret password = section.has(PASSWORD_FILE)
                ? section.secretFile(PASSWORD_FILE, true, "the PostgreSQL role's password") : null;
        int poolSize = section.integer(POOL_SIZE, DEFAULT_POOL_SIZE, 1, 200);
        if (url != null && !validUrl(section, url)) {
            return null;
        }
        if (url == null || user == null || (section.has(PASSWORD_FILE) && password == null)) {
            return null;
        }
        return new PostgresqlConfig(url, user, password, Math.max(1, poolSize));
    }

    private static boolean validUrl(ConfigReader section, String url) {
        Properties parsed = url.startsWith("jdbc:postgresql:") ? Driver.parseURL(url, null) : null;
        if (parsed == null) {
            section.problem(URL, url, "expected a PostgreSQL JDBC URL such as jdbc:postgresql://db.example.com:5432/postern");
            return false;
        }
        if (parsed.containsKey("password")) {
            // Named without its value: the URL is shown in logs and messages, the password must not be.
            section.problem(URL, "a URL with a password parameter", "expected the password in "
                    + section.pathOf(PASSWORD_FILE) + " instead, so that it never appears in logs or messages");
            return false;
        }
        return true;
    }

    /** The URL as shown in messages: without the {@code jdbc:} prefix. It never holds a password. */
    public String displayUrl() {
        return url.substring("jdbc:".length());
    }
}
