package dev.postern.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Real files in a temporary folder and small YAML documents that load against them. */
final class ConfigFixture {

    static final String MASTER_PASSWORD = "s3cret-master-Pa55";

    /** A complete, valid configuration that uses files relative to the fixture folder. */
    static final String VALID = """
            tls:
              certificate: cert.pem
              private-key: key.pem
            imap:
              listeners:
                - address: "0.0.0.0:993"
                  tls: implicit
              upstream:
                address: "mail.example.org:993"
                tls: implicit
            upstream-auth:
              mode: master-user
              master-user: postern
              master-password-file: master.secret
            """;

    final Path dir;

    ConfigFixture(Path dir) {
        this.dir = dir;
        dev.postern.core.testing.TestSecrets.register(MASTER_PASSWORD);
        write("cert.pem", "-----BEGIN CERTIFICATE-----\n");
        write("key.pem", "-----BEGIN PRIVATE KEY-----\n");
        write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
        write("master.secret", MASTER_PASSWORD + "\n");
        write("upstream.key", "0123456789abcdef0123456789abcdef\n");
    }

    Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GatewayConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, dir, Map.of());
    }

    GatewayConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, dir, env);
    }

    /** The problems reported for {@code yaml}; fails when it loads. */
    List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    List<String> problems(String yaml, Map<String, String> env) {
        try {
            ConfigLoader.parse(yaml, dir, env);
        } catch (ConfigException expected) {
            return expected.problems();
        }
        throw new AssertionError("expected the configuration to be refused");
    }
}
