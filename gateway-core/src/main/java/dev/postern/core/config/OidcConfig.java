package dev.postern.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The portal's sign-in with the organisation's OpenID Connect provider ({@code portal.oidc}): who the
 * provider is, the portal's client there, how a signed-in person becomes a mail user, and the limits
 * of a portal session.
 *
 * @param issuer             the provider's issuer URL; its discovery document is
 *                           {@code <issuer>/.well-known/openid-configuration}
 * @param clientId           the portal's client id at the provider
 * @param clientSecret       the client secret ({@code client_secret_basic}); null for a public client (PKCE alone)
 * @param userClaim          the ID token claim that names the mail user
 * @param allowedDomains     the domains a user may belong to, case-folded
 * @param requireMfa         whether the ID token's {@code amr} or {@code acr} must show a second factor
 * @param mfaValues          the {@code amr} entries or {@code acr} values that count as a second factor
 * @param maxAuthAge         how recent a sign-in must be to create an app password
 * @param sessionIdleTimeout a portal session unused this long ends
 * @param sessionMaxAge      a portal session ends this long after sign-in, used or not
 * @param providerTimeout    connect and read timeout of each request to the provider
 */
public record OidcConfig(URI issuer, String clientId, Secret clientSecret, UserClaim userClaim,
                         List<String> allowedDomains, boolean requireMfa, List<String> mfaValues, Duration maxAuthAge,
                         Duration sessionIdleTimeout, Duration sessionMaxAge, Duration providerTimeout) {

    /** The claims a mail user may be taken from. */
    public enum UserClaim {
        EMAIL("email"), PREFERRED_USERNAME("preferred_username"), UPN("upn");

        private final String claim;

        UserClaim(String claim) {
            this.claim = claim;
        }

        /** The claim's name in an ID token, which is also its configuration value. */
        public String claim() {
            return claim;
        }

        static UserClaim parse(String text) {
            for (UserClaim one : values()) {
                if (one.claim.equals(text)) {
                    return one;
                }
            }
            return null;
        }
    }

    public static final Duration DEFAULT_MAX_AUTH_AGE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_SESSION_MAX_AGE = Duration.ofHours(8);
    public static final Duration DEFAULT_PROVIDER_TIMEOUT = Duration.ofSeconds(10);
    /** RFC 8176's {@code mfa}: what Microsoft Entra ID, Okta and Keycloak say after a second factor. */
    public static final List<String> DEFAULT_MFA_VALUES = List.of("mfa");

    static final String SECTION = "oidc";
    static final String[] KEYS = {"issuer", "client-id", "client-secret-file", "user-claim", "allowed-domains",
        "require-mfa", "mfa-values", "max-auth-age", "session-idle-timeout", "session-max-age", "provider-timeout"};
    static final String ISSUER_EXPECTED = "expected the provider's https issuer URL, such as"
            + " https://login.microsoftonline.com/TENANT/v2.0 (http only on a loopback address)";
    static final String DOMAINS_EXPECTED = "expected a non-empty list of mail domains, such as [ example.com ]";

    public OidcConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(userClaim, "userClaim");
        allowedDomains = List.copyOf(allowedDomains);
        mfaValues = List.copyOf(mfaValues);
        Objects.requireNonNull(maxAuthAge, "maxAuthAge");
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(sessionMaxAge, "sessionMaxAge");
        Objects.requireNonNull(providerTimeout, "providerTimeout");
    }

    /** Null when the section is absent or wrong (then the problems say why). */
    static OidcConfig bind(ConfigReader oidc) {
        if (!oidc.isPresent()) {
            return null;
        }
        int mark = oidc.problems().count();
        URI issuer = issuer(oidc);
        String clientId = oidc.requiredText("client-id", "expected the portal's client id at the provider");
        Secret secret = oidc.secretFile("client-secret-file", false, "the client secret");
        String claimText = oidc.has("user-claim") ? oidc.text("user-claim") : UserClaim.EMAIL.claim();
        UserClaim claim = claimText == null ? null : UserClaim.parse(claimText);
        if (claim == null && claimText != null) {
            oidc.problem("user-claim", oidc.show("user-claim"), "expected email, preferred_username or upn");
        }
        List<String> domains = domains(oidc);
        boolean requireMfa = oidc.flag("require-mfa", false);
        List<String> mfaValues = oidc.texts("mfa-values", DEFAULT_MFA_VALUES, "expected amr or acr values such as mfa");
        if (mfaValues.isEmpty()) {
            oidc.problem("mfa-values", oidc.show("mfa-values"), "expected at least one amr or acr value, such as mfa");
        }
        Duration maxAuthAge = oidc.duration("max-auth-age", DEFAULT_MAX_AUTH_AGE, Duration.ofMinutes(1),
                Duration.ofHours(24));
        Duration idle = oidc.duration("session-idle-timeout", DEFAULT_SESSION_IDLE_TIMEOUT, Duration.ofMinutes(1),
                Duration.ofHours(24));
        Duration maxAge = oidc.duration("session-max-age", DEFAULT_SESSION_MAX_AGE, Duration.ofMinutes(1),
                Duration.ofDays(7));
        if (maxAge.compareTo(idle) < 0) {
            oidc.problem("session-max-age", oidc.show("session-max-age"), "expected at least session-idle-timeout ("
                    + Durations.format(idle) + ")");
        }
        Duration timeout = oidc.duration("provider-timeout", DEFAULT_PROVIDER_TIMEOUT, Duration.ofSeconds(1),
                Duration.ofMinutes(2));
        if (oidc.problems().count() > mark) {
            return null;
        }
        return new OidcConfig(issuer, clientId.strip(), secret, claim, domains, requireMfa, mfaValues, maxAuthAge,
                idle, maxAge, timeout);
    }

    private static URI issuer(ConfigReader oidc) {
        return oidc.webUrl("issuer", ISSUER_EXPECTED, false, false);
    }

    private static List<String> domains(ConfigReader oidc) {
        if (!oidc.has("allowed-domains")) {
            oidc.problem("allowed-domains", ConfigReader.MISSING, DOMAINS_EXPECTED);
            return List.of();
        }
        List<String> raw = oidc.texts("allowed-domains", List.of(), DOMAINS_EXPECTED);
        if (raw.isEmpty()) {
            oidc.problem("allowed-domains", oidc.show("allowed-domains"), DOMAINS_EXPECTED);
        }
        List<String> domains = new ArrayList<>();
        for (String domain : raw) {
            String folded = domain.strip().toLowerCase(Locale.ROOT);
            if (folded.isEmpty() || folded.contains("@") || folded.contains(" ") || folded.startsWith(".")) {
                oidc.problem("allowed-domains", "\"" + domain + "\"", "expected a domain such as example.com");
            } else {
                domains.add(folded);
            }
        }
        return domains;
    }
}
