package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.ImapTestClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts changed inside a serving process ({@link Gateway#accounts()}, what the portal and the API
 * will use) reach the verifier at once: a revoked app password is refused on its very next login,
 * although the hot cache had just accepted it and the cached user state would not be re-read for
 * another {@code auth.cache.state-refresh} (2 s).
 */
class AccountChangesIT {

    @TempDir
    Path dir;

    private GatewayUnderTest postern;

    @BeforeEach
    void start() throws Exception {
        postern = GatewayUnderTest.start(dir);
        TestSecrets.registerAppPassword(GatewayUnderTest.USER, postern.appPassword);
    }

    @AfterEach
    void stop() {
        postern.close();
    }

    @Test
    void shouldRefuseTheNextLoginOfAnAppPasswordRevokedThroughTheServingGateway() throws Exception {
        String warm = login();

        postern.gateway.accounts().revoke(postern.appPasswordId);
        String afterRevocation = login();

        assertThat(warm).as("the first login, which fills the hot cache").startsWith("a OK");
        assertThat(afterRevocation).startsWith("a NO [AUTHENTICATIONFAILED]");
    }

    private String login() throws Exception {
        try (ImapTestClient client = ImapTestClient.connectTls(postern.imapsPort(), postern.clientTls())) {
            List<String> answer = client.command("a", "LOGIN " + GatewayUnderTest.USER + " " + postern.appPassword);
            return answer.get(answer.size() - 1);
        }
    }
}
