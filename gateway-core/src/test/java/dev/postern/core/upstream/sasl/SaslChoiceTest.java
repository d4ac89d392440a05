package dev.postern.core.upstream.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.upstream.UpstreamCredential;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;

/** The mechanism each kind of upstream credential logs in with, from what the server offers. */
class SaslChoiceTest {

    private static final String USER = "alice@example.com";
    private static final UpstreamCredential MASTER = new UpstreamCredential.MasterUser("postern", "m4ster-secret");
    private static final UpstreamCredential OWN = new UpstreamCredential.UserPassword("upstream-pass");

    private static Predicate<SaslMechanism> offering(SaslMechanism... mechanisms) {
        return Set.of(mechanisms)::contains;
    }

    private static String firstMessage(SaslClient client) throws SaslException {
        return new String(client.respond(new byte[0]), StandardCharsets.UTF_8);
    }

    @Test
    void shouldLogInThroughTheMasterUserByPlainWithTheUserAsAuthzid() throws SaslException {
        SaslClient client = SaslChoice.choose(USER, MASTER, offering(SaslMechanism.PLAIN, SaslMechanism.LOGIN)).orElseThrow();

        assertThat(client.mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(firstMessage(client)).isEqualTo("alice@example.com\0postern\0m4ster-secret");
    }

    @Test
    void shouldTryPlainForTheMasterUserEvenWhenTheServerDoesNotAnnounceIt() {
        assertThat(SaslChoice.choose(USER, MASTER, offering()).orElseThrow().mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(SaslChoice.choose(USER, MASTER, offering(SaslMechanism.LOGIN)).orElseThrow().mechanism())
                .isEqualTo(SaslMechanism.PLAIN);
    }

    @Test
    void shouldPreferPlainWithAnEmptyAuthzidForTheUsersOwnPassword() throws SaslException {
        SaslClient client = SaslChoice.choose(USER, OWN, offering(SaslMechanism.LOGIN, SaslMechanism.PLAIN)).orElseThrow();

        assertThat(client.mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(firstMessage(client)).isEqualTo("\0alice@example.com\0upstream-pass");
    }

    @Test
    void shouldFallBackToLoginForTheUsersOwnPasswordWhenPlainIsNotOffered() throws SaslException {
        SaslClient client = SaslChoice.choose(USER, OWN, offering(SaslMechanism.LOGIN)).orElseThrow();

        assertThat(client.mechanism()).isEqualTo(SaslMechanism.LOGIN);
        assertThat(firstMessage(client)).isEqualTo(USER);
        assertThat(firstMessage(client)).isEqualTo("upstream-pass");
    }

    @Test
    void shouldChooseNothingForTheUsersOwnPasswordWhenNeitherIsOffered() {
        assertThat(SaslChoice.choose(USER, OWN, offering())).isEmpty();
        assertThat(SaslChoice.choose(USER, OWN, offering(SaslMechanism.XOAUTH2, SaslMechanism.OAUTHBEARER))).isEmpty();
    }

    @Test
    void shouldNameEachCredentialsBestMechanismWhateverTheServerOffers() throws SaslException {
        assertThat(firstMessage(SaslChoice.first(USER, MASTER))).isEqualTo("alice@example.com\0postern\0m4ster-secret");
        assertThat(firstMessage(SaslChoice.first(USER, OWN))).isEqualTo("\0alice@example.com\0upstream-pass");
    }
}
