package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code notifications} section: the webhook URL and its signing key. */
class NotificationsConfigTest {

    private static final String KEY = "webhook-Signing-k3y";
    private static final String TOKEN_PATH = "/services/T000/B000/XyzSecretPathToken";

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void files() {
        fixture = new ConfigFixture(dir);
        dev.postern.core.testing.TestSecrets.register(KEY);
    }

    @Test
    void shouldHaveNoWebhookWithoutTheSection() {
        assertThat(fixture.parse(ConfigFixture.VALID).notifications()).isEqualTo(NotificationsConfig.none());
    }

    @Test
    void shouldReadTheUrlAndTheSigningKey() {
        fixture.write("webhook.key", KEY + "\n");

        NotificationsConfig notifications = fixture.parse(ConfigFixture.VALID + "notifications:\n"
                + "  webhook-url: https://alerts.example.com/postern\n  webhook-secret-file: webhook.key\n").notifications();

        assertThat(notifications.webhookUrl()).contains(URI.create("https://alerts.example.com/postern"));
        assertThat(notifications.webhookSecret()).hasValueSatisfying(key -> assertThat(key.reveal()).isEqualTo(KEY));
        assertThat(notifications.toString()).doesNotContain(KEY);
    }

    @Test
    void shouldAllowPlainHttpOnlyOnLoopback() {
        assertThat(fixture.parse(ConfigFixture.VALID + "notifications:\n  webhook-url: http://127.0.0.1:9000/hook\n")
                .notifications().webhookUrl()).contains(URI.create("http://127.0.0.1:9000/hook"));

        assertThat(fixture.problems(ConfigFixture.VALID + "notifications:\n  webhook-url: http://hooks.example.com"
                + TOKEN_PATH + "\n"))
                .containsExactly("notifications.webhook-url: http://hooks.example.com (" + NotificationsConfig.URL_EXPECTED
                        + ", without user or fragment)");
    }

    @Test
    void shouldNeverShowThePathOrQueryOfABadUrl() {
        assertThat(fixture.problems(ConfigFixture.VALID + "notifications:\n  webhook-url: \"https://someone@hooks.example.com"
                + TOKEN_PATH + "?token=abc\"\n"))
                .singleElement().asString().doesNotContain(TOKEN_PATH, "abc", "someone")
                .startsWith("notifications.webhook-url: https://hooks.example.com (");
        assertThat(fixture.problems(ConfigFixture.VALID + "notifications:\n  webhook-url: \"hooks example" + TOKEN_PATH
                + "\"\n"))
                .singleElement().asString().doesNotContain(TOKEN_PATH)
                .startsWith("notifications.webhook-url: (not shown: it may hold a token) (not a URL");
    }

    @Test
    void shouldRefuseASigningKeyWithoutAUrlAndAnUnknownKey() {
        fixture.write("webhook.key", KEY + "\n");

        assertThat(fixture.problems(ConfigFixture.VALID + "notifications:\n  webhook-secret-file: webhook.key\n"))
                .containsExactly("notifications.webhook-secret-file: " + dir.resolve("webhook.key")
                        + " (a signing key without notifications.webhook-url; set the URL or remove the key)");
        assertThat(fixture.problems(ConfigFixture.VALID + "notifications:\n  webhook: https://a.example.com\n"))
                .singleElement().asString().startsWith("notifications.webhook:");
    }
}
