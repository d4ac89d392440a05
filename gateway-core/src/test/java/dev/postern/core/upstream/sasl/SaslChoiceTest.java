package dev.postern.core.upstream.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.config.OAuth2Config;
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
    private static final SaslChoice.Server SERVER = new SaslChoice.Server("imap.example.com", 993);
    private static final String TOKEN = "eyJ0eXAi.eyJzdWIi.c2lnbmF0dXJl";

    private static UpstreamCredential bearer(OAuth2Config.Mechanism mechanism) {
        return new UpstreamCredential.Bearer(TOKEN, mechanism);
    }

    private static Predicate<SaslMechanism> offering(SaslMechanism... mechanisms) {
        return Set.of(mechanisms)::contains;
    }

    private static String firstMessage(SaslClient client) throws SaslException {
        return new String(client.respond(new byte[0]), StandardCharsets.UTF_8);
    }

    @Test
    void shouldLogInThroughTheMasterUserByPlainWithTheUserAsAuthzid() throws SaslException {
        SaslClient client = SaslChoice.choose(USER, SERVER, MASTER, offering(SaslMechanism.PLAIN, SaslMechanism.LOGIN)).orElseThrow();

        assertThat(client.mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(firstMessage(client)).isEqualTo("alice@example.com\0postern\0m4ster-secret");
    }

    @Test
    void shouldTryPlainForTheMasterUserEvenWhenTheServerDoesNotAnnounceIt() {
        assertThat(SaslChoice.choose(USER, SERVER, MASTER, offering()).orElseThrow().mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(SaslChoice.choose(USER, SERVER, MASTER, offering(SaslMechanism.LOGIN)).orElseThrow().mechanism())
                .isEqualTo(SaslMechanism.PLAIN);
    }

    @Test
    void shouldPreferPlainWithAnEmptyAuthzidForTheUsersOwnPassword() throws SaslException {
        SaslClient client = SaslChoice.choose(USER, SERVER, OWN, offering(SaslMechanism.LOGIN, SaslMechanism.PLAIN)).orElseThrow();

        assertThat(client.mechanism()).isEqualTo(SaslMechanism.PLAIN);
        assertThat(firstMessage(client)).isEqualTo("\0alice@example.com\0upstream-pass");
    }

    @Test
    void shouldFallBackToLoginForTheUsersOwnPasswordWhenPlainIsNotOffered() throws SaslException {
        SaslClient client = SaslChoice.choose(USER, SERVER, OWN, offering(SaslMechanism.LOGIN)).orElseThrow();

        assertThat(client.mechanism()).isEqualTo(SaslMechanism.LOGIN);
        assertThat(firstMessage(client)).isEqualTo(USER);
        assertThat(firstMessage(client)).isEqualTo("upstream-pass");
    }

    @Test
    void shouldChooseNothingForTheUsersOwnPasswordWhenNeitherIsOffered() {
        assertThat(SaslChoice.choose(USER, SERVER, OWN, offering())).isEmpty();
        assertThat(SaslChoice.choose(USER, SERVER, OWN, offering(SaslMechanism.XOAUTH2, SaslMechanism.OAUTHBEARER))).isEmpty();
    }

    @Test
    void shouldNameEachCredentialsBestMechanismWhateverTheServerOffers() throws SaslException {
        assertThat(firstMessage(SaslChoice.first(USER, SERVER, MASTER))).isEqualTo("alice@example.com\0postern\0m4ster-secret");
        assertThat(firstMessage(SaslChoice.first(USER, SERVER, OWN))).isEqualTo("\0alice@example.com\0upstream-pass");
    }

    @Test
    void shouldPresentATokenByXoauth2WhenAnnouncedOrWhenNothingElseIs() throws SaslException {
        UpstreamCredential auto = bearer(OAuth2Config.Mechanism.AUTO);
        SaslClient announced = SaslChoice.choose(USER, SERVER, auto,
                offering(SaslMechanism.XOAUTH2, SaslMechanism.OAUTHBEARER, SaslMechanism.PLAIN)).orElseThrow();
        assertThat(announced.mechanism()).isEqualTo(SaslMechanism.XOAUTH2);
        assertThat(firstMessage(announced)).isEqualTo("user=" + USER + "\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
        assertThat(SaslChoice.choose(USER, SERVER, auto, offering(SaslMechanism.PLAIN)).orElseThrow().mechanism())
                .isEqualTo(SaslMechanism.XOAUTH2);
    }

    @Test
    void shouldPresentATokenByOauthbearerWhenOnlyThatIsAnnounced() throws SaslException {
        SaslClient client = SaslChoice.choose(USER, SERVER, bearer(OAuth2Config.Mechanism.AUTO),
                offering(SaslMechanism.OAUTHBEARER, SaslMechanism.PLAIN)).orElseThrow();
        assertThat(client.mechanism()).isEqualTo(SaslMechanism.OAUTHBEARER);
        assertThat(firstMessage(client)).isEqualTo("n,a=" + USER + ",\u0001host=imap.example.com\u0001port=993"
                + "\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
    }

    @Test
    void shouldPresentATokenByTheConfiguredMechanismWhateverIsAnnounced() {
        assertThat(SaslChoice.choose(USER, SERVER, bearer(OAuth2Config.Mechanism.OAUTHBEARER),
                offering(SaslMechanism.XOAUTH2)).orElseThrow().mechanism()).isEqualTo(SaslMechanism.OAUTHBEARER);
        assertThat(SaslChoice.choose(USER, SERVER, bearer(OAuth2Config.Mechanism.XOAUTH2),
                offering(SaslMechanism.OAUTHBEARER)).orElseThrow().mechanism()).isEqualTo(SaslMechanism.XOAUTH2);
        assertThat(SaslChoice.first(USER, SERVER, bearer(OAuth2Config.Mechanism.OAUTHBEARER)).mechanism())
                .isEqualTo(SaslMechanism.OAUTHBEARER);
    }
}
