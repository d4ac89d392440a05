package dev.postern.server.portal;

import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AMR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.postern.core.config.OidcConfig;
import dev.postern.core.identity.UserNames;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a validated ID token must say to become a portal session: the mail user (the configured claim,
 * normalised like every user name), a domain on the allow-list, and when required a second factor in
 * {@code amr} or {@code acr}. The time of authentication is {@code auth_time}; a token without it
 * counts as an old sign-in, unless it answers a request with {@code max_age} (then the provider has
 * just checked the person, and the token's {@code iat} stands in for it).
 */
final class ClaimCheck {

    private final OidcConfig config;

    ClaimCheck(OidcConfig config) {
        this.config = config;
    }

    SignedIn check(IDTokenClaimsSet claims, boolean reauth) throws SignInRefused {
        String claim = config.userClaim().claim();
        String raw;
        try {
            raw = claims.getStringClaim(claim);
        } catch (RuntimeException notText) {
            raw = null;
        }
        Optional<String> user = raw == null ? Optional.empty() : UserNames.normalise(raw);
        if (user.isEmpty() || user.get().indexOf('@') < 1) {
            throw new SignInRefused(SignInRefused.Reason.NO_USER_CLAIM, "the ID token's " + claim
                    + " claim is missing or not a mail address");
        }
        String name = user.get();
        String domain = name.substring(name.lastIndexOf('@') + 1);
        if (!config.allowedDomains().contains(domain)) {
            throw new SignInRefused(SignInRefused.Reason.DOMAIN_NOT_ALLOWED, "user " + name + ": domain " + domain
                    + " is not in portal.oidc.allowed-domains");
        }
        if (config.requireMfa() && !secondFactor(claims)) {
            throw new SignInRefused(SignInRefused.Reason.MFA_REQUIRED, "user " + name + ": neither amr nor acr shows"
                    + " one of " + config.mfaValues());
        }
        Instant authTime = claims.getAuthenticationTime() != null ? claims.getAuthenticationTime().toInstant()
                : reauth && claims.getIssueTime() != null ? claims.getIssueTime().toInstant() : Instant.EPOCH;
        return new SignedIn(name, authTime);
    }

    private boolean secondFactor(IDTokenClaimsSet claims) {
        List<AMR> amr = claims.getAMR();
        if (amr != null && amr.stream().anyMatch(value -> config.mfaValues().contains(value.getValue()))) {
            return true;
        }
        ACR acr = claims.getACR();
        return acr != null && config.mfaValues().contains(acr.getValue());
    }
}
