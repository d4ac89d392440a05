package dev.postern.server.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.testing.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command line as an operator runs it: {@code java -jar target/postern.jar VERB... --config FILE}, a process. */
final class PosternCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path config;

    PosternCli(Path config) {
        this.config = config;
    }

    /** An app password created by its own process, as {@code app-passwords create -o json} printed it. */
    record AppPassword(String id, String user, String password) {
        @Override
        public String toString() {
            return "AppPassword[" + id + " of " + user + "]";
        }
    }

    AppPassword create(String user, String label) throws IOException, InterruptedException {
        String printed = run("app-passwords", "create", "--user", user, "--label", label, "--scopes", "imap,smtp,pop3",
                "--output", "json");
        JsonNode created = JSON.readTree(printed);
        AppPassword appPassword = new AppPassword(created.get("id").asText(), created.get("user").asText(),
                created.get("password").asText());
        TestSecrets.registerPassword(user, appPassword.password());
        return appPassword;
    }

    /** Returns once the process has exited successfully. */
    void revoke(String id) throws IOException, InterruptedException {
        assertThat(run("app-passwords", "revoke", id)).startsWith("Revoked app password " + id);
    }

    private String run(String... verb) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", GatewayProcess.JAR.toString()));
        command.addAll(List.of(verb));
        command.addAll(List.of("--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        byte[] errors;
        byte[] output;
        try {
            output = process.getInputStream().readAllBytes();
            errors = process.getErrorStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("postern %s finished", verb[0]).isTrue();
        } finally {
            process.destroyForcibly();
        }
        String printed = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of postern %s; it said: %s", String.join(" ", verb),
                new String(errors, StandardCharsets.UTF_8)).isZero();
        return printed;
    }
}
