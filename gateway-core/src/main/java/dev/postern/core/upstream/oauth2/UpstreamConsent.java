package dev.postern.core.upstream.oauth2;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.identity.UserNames;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user's consent to the upstream for the refresh-token grant, on a headless server: the
 * authorization code flow with PKCE ({@code S256}) and {@code state} ({@link #inBrowser}), or the
 * device authorization grant, RFC 8628 ({@link #onDevice}). Every message and request goes
 * through Nimbus; what comes out is the refresh token to store and the names of the account that
 * consented, when the provider said them (an OpenID Connect ID token's {@code email},
 * {@code preferred_username}, {@code upn}).
 *
 * <p>The ID token is read, not verified: it comes straight from the token endpoint over the TLS
 * connection Postern opened, in answer to a code only this run could redeem (OpenID Connect Core
 * 3.1.3.7 allows TLS server validation in place of the signature then), and it serves only to
 * catch the consent of the wrong account, not to log anybody in.
 *
 * <p>Blocking (HTTP): for the command line, never an event loop.
 */
public final class UpstreamConsent {

    private static final String NOTHING_STORED = "; nothing was stored";

    private final OAuth2Config config;
    private final ClientProof client;
    private final TokenEndpoint endpoint;
    private final Scope scope;

    private UpstreamConsent(OAuth2Config config, ClientProof client, TokenEndpoint endpoint) {
        this.config = config;
        this.client = client;
        this.endpoint = endpoint;
        Set<String> scopes = new LinkedHashSet<>(Scope.parse(config.scope()).toStringList());
        config.provider().identityScope().ifPresent(identity -> scopes.addAll(Scope.parse(identity).toStringList()));
        this.scope = Scope.parse(String.join(" ", scopes));
    }

    /**
     * The consent {@code config} describes, its client's files read now.
     *
     * @throws IllegalArgumentException when the grant is not refresh-token, or naming the key of an unusable file
     */
    public static UpstreamConsent of(OAuth2Config config) {
        Objects.requireNonNull(config, "config");
        if (!config.perUserConsent()) {
            throw new IllegalArgumentException("upstream-auth.oauth2.grant: " + config.grant().wireName()
                    + " (expected refresh-token: only that grant takes a user's consent)");
        }
        return new UpstreamConsent(config, ClientProof.of(config), BearerTokens.endpoint(config, InstantSource.system()));
    }

    /** What a consent leaves: the refresh token, and the names of the account that gave it, if the provider said them. */
    public record Connected(String refreshToken, List<String> accountNames) {
        public Connected {
            Objects.requireNonNull(refreshToken, "refreshToken");
            accountNames = List.copyOf(accountNames);
        }

        @Override
        public String toString() {
            return "Connected[****, " + accountNames + "]";
        }
    }

    /** Starts a consent in a browser for {@code user}: a fresh state and PKCE verifier for this run only. */
    public InBrowser inBrowser(String user) {
        return inBrowser(user, config.consent().redirectUri());
    }

    /**
     * Starts a consent in a browser for {@code user} that ends at {@code redirectUri} (the portal's
     * callback): a fresh state and PKCE verifier, to keep ({@link InBrowser#state()},
     * {@link InBrowser#codeVerifier()}) until the callback {@linkplain #resume resumes} it.
     */
    public InBrowser inBrowser(String user, URI redirectUri) {
        return new InBrowser(UserNames.require(user), redirectUri, new State(), new CodeVerifier());
    }

    /** A consent started with {@link #inBrowser(String, URI)} whose state and verifier were kept elsewhere. */
    public InBrowser resume(URI redirectUri, String state, String codeVerifier) {
        return new InBrowser(null, redirectUri, new State(state), new CodeVerifier(codeVerifier));
    }

    /**
     * Starts a device consent for {@code user}: asks the device authorization endpoint for a code now.
     *
     * @throws ConsentRefused when the provider has no device flow for mail, or refuses
     */
    public OnDevice onDevice(String user) throws ConsentRefused {
        return new OnDevice(this, UserNames.require(user));
    }

    OAuth2Config config() {
        return config;
    }

    ClientProof client() {
        return client;
    }

    TokenEndpoint endpoint() {
        return endpoint;
    }

    Scope scope() {
        return scope;
    }

    /** The authorization code flow with PKCE: a URL to open, then the address the browser was sent to. */
    public final class InBrowser {

        private final State state;
        private final CodeVerifier verifier;
        private final URI redirectUri;
        private final URI authorizationUri;

        private InBrowser(String user, URI redirectUri, State state, CodeVerifier verifier) {
            this.state = state;
            this.verifier = verifier;
            this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
            AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(
                    new ResponseType(ResponseType.Value.CODE), client.id())
                    .endpointURI(config.consent().authorizationEndpoint())
                    .redirectionURI(redirectUri)
                    .scope(scope)
                    .state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256);
            if (user != null) {
                request.customParameter("login_hint", user);
            }
            for (Map.Entry<String, String> parameter : config.provider().consentParameters().entrySet()) {
                request.customParameter(parameter.getKey(), parameter.getValue());
            }
            authorizationUri = request.build().toURI();
        }

        /** Where the person signs in and consents: one line, for any browser. */
        public URI authorizationUri() {
            return authorizationUri;
        }

        /** The {@code state} to keep until the callback (a secret of this consent: never logged). */
        public String state() {
            return state.getValue();
        }

        /** The PKCE code verifier to keep until the callback (a secret of this consent: never logged). */
        public String codeVerifier() {
            return verifier.getValue();
        }

        @Override
        public String toString() {
            return "InBrowser[" + redirectUri + "]";
        }

        /**
         * Redeems the code of the address the browser was finally sent to (the redirect URI with
         * {@code code} and {@code state}, or {@code error}).
         *
         * @throws ConsentRefused for an address that is not one, an error the provider sent, another
         *                        run's state, or a code the token endpoint refuses
         */
        public Connected finish(String address) throws ConsentRefused {
            String pasted = address == null ? "" : address.strip();
            AuthorizationResponse response;
            try {
                response = AuthorizationResponse.parse(new URI(pasted));
            } catch (URISyntaxException | ParseException e) {
                throw new ConsentRefused("the pasted text is not the address the browser was sent to (expected "
                        + redirectUri + "?code=...&state=..., copied whole from the address bar)"
                        + NOTHING_STORED);
            }
            if (!response.indicatesSuccess()) {
                throw new ConsentRefused("the provider refused the consent: "
                        + TokenEndpoint.describe(((AuthorizationErrorResponse) response).getErrorObject())
                        + NOTHING_STORED);
            }
            if (!state.equals(response.getState())) {
                throw new ConsentRefused("the pasted address does not belong to this run (its state differs: it comes"
                        + " from another, older or someone else's sign-in); open the address this run printed and paste"
                        + " where that one ends" + NOTHING_STORED);
            }
            AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
            if (code == null) {
                throw new ConsentRefused("the pasted address carries no code (expected code=...&state=...)"
                        + NOTHING_STORED);
            }
            return redeem(new AuthorizationCodeGrant(code, redirectUri, verifier));
        }

        private Connected redeem(AuthorizationCodeGrant grant) throws ConsentRefused {
            TokenAnswer answer;
            try {
                answer = endpoint.exchange(client.request(config.tokenEndpoint(), grant, null));
            } catch (UpstreamFailure failure) {
                throw new ConsentRefused("could not redeem the code: " + failure.getMessage()
                        + " (a code is good once and for minutes only: run the command again)" + NOTHING_STORED);
            }
            return connected(answer, config);
        }
    }

    /** The answer of a consent's token request as a refresh token and account names; refused without a refresh token. */
    static Connected connected(TokenAnswer answer, OAuth2Config config) throws ConsentRefused {
        if (answer.refreshToken() == null || answer.refreshToken().isBlank()) {
            throw new ConsentRefused("the provider issued an access token but no refresh token (Microsoft: the scope"
                    + " needs offline_access; Google: a consent with access_type=offline and prompt=consent, which"
                    + " Postern asks for; " + config.provider().wireName() + ": check upstream-auth.oauth2.scope)"
                    + NOTHING_STORED);
        }
        return new Connected(answer.refreshToken(), accountNames(answer.idToken()));
    }

    /** The account names an ID token states ({@code email}, {@code preferred_username}, {@code upn}), normalised. */
    static List<String> accountNames(String idToken) {
        if (idToken == null) {
            return List.of();
        }
        JWTClaimsSet claims;
        try {
            claims = JWTParser.parse(idToken).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String claim : new String[] {"email", "preferred_username", "upn"}) {
            Object value = claims.getClaim(claim);
            if (value instanceof String text && !text.isBlank()) {
                names.add(UserNames.normalise(text).orElse(text.strip()));
            }
        }
        return new ArrayList<>(names);
    }
}
