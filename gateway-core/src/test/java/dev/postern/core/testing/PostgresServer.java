package dev.postern.core.testing;

import dev.postern.core.config.PostgresqlConfig;
import dev.postern.core.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package for the tests: a fresh cluster
 * ({@code initdb}) in a temporary folder, listening on a free loopback port, one per test JVM, stopped
 * when the JVM exits. Host connections need the superuser's password (scram-sha-256), so tests pass
 * through {@code password-file} as an operator would. {@code initdb} refuses to run as root: as root,
 * every server command runs as the {@code postgres} user ({@code runuser}). When PostgreSQL is not
 * installed, {@link #shared()} fails with what to install: the tests are never skipped.
 */
public final class PostgresServer {

    public static final String NOT_INSTALLED = "PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb"
            + " (install Debian's postgresql package: apt-get install postgresql; .ci/run does)";
    public static final String SUPERUSER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path passwordFile;
    private final String password;
    private final int port;
    private boolean running;

    private PostgresServer(Path bin, Path dir, String password, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.passwordFile = dir.resolve("password");
        this.password = password;
        this.port = port;
    }

    /** The one server of this JVM, started at the first call. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "postgres-stop"));
        }
        return shared;
    }

    private static PostgresServer start() {
        Path bin = binaries();
        try {
            Path dir = Files.createTempDirectory("postern-pg");
            String password = "pg-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            TestSecrets.register(password); // the log-leak scan looks for the store's password too
            PostgresServer server = new PostgresServer(bin, dir, password, freePort());
            server.initialise();
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest installed major version's bin folder. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(NOT_INSTALLED);
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> majorVersion(bin.getParent())))
                    .orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int majorVersion(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void initialise() throws IOException {
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        if (isRoot()) {
            run(List.of("chown", "-R", SUPERUSER + ":" + SUPERUSER, dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-sync"), true);
    }

    private void startServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c full_page_writes=off -c max_connections=200", "start"), true);
        running = true;
    }

    /** Stops the server at once (as a crash or a network cut would look to the gateway). */
    public synchronized void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
        running = false;
    }

    /** Starts it again after {@link #stop()}, on the same port with the same data. */
    public synchronized void restart() {
        if (!running) {
            startServer();
        }
    }

    private void stopQuietly() {
        try {
            if (running) {
                stop();
            }
        } catch (RuntimeException ignored) {
            // the JVM is exiting; the temporary folder goes with the machine
        }
    }

    public int port() {
        return port;
    }

    /** The file holding the superuser's password, as {@code store.postgresql.password-file} names it. */
    public Path passwordFile() {
        return passwordFile;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new, empty database for one test, and the store configuration that names it. */
    public PostgresqlConfig newDatabase(int poolSize) {
        String name = "postern_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute("postgres", "CREATE DATABASE " + name);
        return new PostgresqlConfig(url(name), SUPERUSER, new Secret(password), poolSize);
    }

    /** Runs {@code sql} as the superuser in {@code database}. */
    public void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** A direct connection as the superuser, outside any store. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", password);
        return DriverManager.getConnection(url(database), properties);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres && isRoot()) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                throw new IllegalStateException("PostgreSQL: " + String.join(" ", command) + " failed:\n" + output + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
