package dev.postern.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.postern.core.config.OidcConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From a validated ID token to a mail user: the configured claim normalised, the domains, the second factor, auth_time. */
class PortalClaimCheckTest {

    private static final Instant IAT = Instant.parse("2026-01-05T09:00:00Z");

    private static OidcConfig config(OidcConfig.UserClaim claim, boolean mfa) {
        return new OidcConfig(URI.create("https://login.example.test"), "portal", null, claim,
                List.of("example.test"), mfa, List.of("mfa", "hwk", "urn:example:acr:strong"), Duration.ofMinutes(10),
                Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofSeconds(5));
    }

    private static IDTokenClaimsSet claims(Map<String, Object> extra) throws ParseException {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("https://login.example.test").subject("s")
                .audience("portal").issueTime(Date.from(IAT)).expirationTime(Date.from(IAT.plusSeconds(3600)));
        extra.forEach(builder::claim);
        return new IDTokenClaimsSet(builder.build());
    }

    @Test
    void shouldTakeTheConfiguredClaimNormalised() throws Exception {
        SignedIn person = new ClaimCheck(config(OidcConfig.UserClaim.UPN, false)).check(claims(Map.of(
                "upn", "Alice.Smith@Example.TEST", "email", "other@example.test", "auth_time", IAT.getEpochSecond())),
                false);

        assertThat(person).isEqualTo(new SignedIn("alice.smith@example.test", IAT));
    }

    @Test
    void shouldRefuseAMissingOrNonMailClaimAndAnotherDomain() {
        ClaimCheck check = new ClaimCheck(config(OidcConfig.UserClaim.EMAIL, false));

        assertThatThrownBy(() -> check.check(claims(Map.of("preferred_username", "alice@example.test")), false))
                .isInstanceOfSatisfying(SignInRefused.class, refused ->
                        assertThat(refused.reason()).isEqualTo(SignInRefused.Reason.NO_USER_CLAIM));
        assertThatThrownBy(() -> check.check(claims(Map.of("email", "alice")), false))
                .isInstanceOfSatisfying(SignInRefused.class, refused ->
                        assertThat(refused.reason()).isEqualTo(SignInRefused.Reason.NO_USER_CLAIM));
        assertThatThrownBy(() -> check.check(claims(Map.of("email", "alice@example.test.evil.test")), false))
                .isInstanceOfSatisfying(SignInRefused.class, refused ->
                        assertThat(refused.reason()).isEqualTo(SignInRefused.Reason.DOMAIN_NOT_ALLOWED));
    }

    @Test
    void shouldAcceptASecondFactorInAmrOrAcrOnly() throws Exception {
        ClaimCheck check = new ClaimCheck(config(OidcConfig.UserClaim.EMAIL, true));

        assertThat(check.check(claims(Map.of("email", "a@example.test", "amr", List.of("pwd", "hwk"))), false).user())
                .isEqualTo("a@example.test");
        assertThat(check.check(claims(Map.of("email", "a@example.test", "acr", "urn:example:acr:strong")), false).user())
                .isEqualTo("a@example.test");
        assertThatThrownBy(() -> check.check(claims(Map.of("email", "a@example.test", "amr", List.of("pwd"),
                "acr", "1")), false)).isInstanceOfSatisfying(SignInRefused.class, refused ->
                assertThat(refused.reason()).isEqualTo(SignInRefused.Reason.MFA_REQUIRED));
    }

    @Test
    void shouldCountATokenWithoutAuthTimeAsOldUnlessItAnswersMaxAge() throws Exception {
        ClaimCheck check = new ClaimCheck(config(OidcConfig.UserClaim.EMAIL, false));

        assertThat(check.check(claims(Map.of("email", "a@example.test")), false).authTime()).isEqualTo(Instant.EPOCH);
        assertThat(check.check(claims(Map.of("email", "a@example.test")), true).authTime()).isEqualTo(IAT);
    }
}
