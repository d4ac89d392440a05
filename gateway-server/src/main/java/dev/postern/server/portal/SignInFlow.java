package dev.postern.server.portal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.postern.core.config.OidcConfig;
import dev.postern.core.store.PortalSignIn;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * The authorization code flow with PKCE ({@code S256}), {@code state} and {@code nonce}, every message
 * through Nimbus: {@link #start} gives the provider's authorization URL and the sign-in to keep;
 * {@link #finish} takes the browser's callback, checks its state against the kept one, redeems the
 * code (with the client secret when there is one, and the code verifier) and validates the ID token
 * ({@link OidcProvider}), then its claims ({@link ClaimCheck}). Blocking (HTTP): on the portal pool.
 */
final class SignInFlow {

    static final Scope SCOPE = new Scope("openid", "email", "profile");

    private final OidcConfig config;
    private final URI redirectUri;
    private final OidcProvider provider;
    private final ClaimCheck claims;

    SignInFlow(OidcConfig config, URI redirectUri, OidcProvider provider) {
        this.config = Objects.requireNonNull(config, "config");
        this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.claims = new ClaimCheck(config);
    }

    /** A sign-in to keep (under the hash of the cookie id) and where to send the browser. */
    record Started(PortalSignIn signIn, URI authorizationUri) {
    }

    /**
     * Starts a sign-in; with {@code reauth} the provider is asked to check the person again unless they
     * authenticated within {@code max-auth-age} ({@code max_age}).
     */
    Started start(String idHash, boolean reauth, Instant now) {
        OidcProvider.Discovered discovered = provider.discovered();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE,
                new ClientID(config.clientId()), redirectUri)
                .endpointURI(discovered.metadata().getAuthorizationEndpointURI())
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256);
        if (reauth) {
            request.maxAge((int) config.maxAuthAge().toSeconds());
        }
        PortalSignIn signIn = new PortalSignIn(idHash, state.getValue(), nonce.getValue(), verifier.getValue(), reauth,
                now);
        return new Started(signIn, request.build().toURI());
    }

    /** The person the callback signs in. */
    SignedIn finish(PortalSignIn signIn, String callbackQuery) throws SignInRefused {
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(URI.create(redirectUri + "?" + callbackQuery));
        } catch (ParseException | IllegalArgumentException e) {
            throw new SignInRefused(SignInRefused.Reason.TOKEN_REFUSED, "the callback could not be read: "
                    + e.getMessage());
        }
        if (response.getState() == null || !MessageDigest.isEqual(bytes(response.getState().getValue()),
                bytes(signIn.state()))) {
            throw new SignInRefused(SignInRefused.Reason.NO_SIGN_IN_UNDER_WAY, "the callback's state is not the one"
                    + " this browser's sign-in sent");
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = ((AuthenticationErrorResponse) response).getErrorObject();
            throw new SignInRefused(SignInRefused.Reason.PROVIDER_ERROR, "the provider answered "
                    + error.getCode() + (error.getDescription() == null ? "" : ": " + error.getDescription()));
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            throw new SignInRefused(SignInRefused.Reason.TOKEN_REFUSED, "the callback carries no code");
        }
        JWT idToken = redeem(code, signIn);
        IDTokenClaimsSet validated;
        try {
            validated = provider.discovered().validator().validate(idToken, new Nonce(signIn.nonce()));
        } catch (BadJOSEException | JOSEException e) {
            throw new SignInRefused(SignInRefused.Reason.ID_TOKEN_INVALID, "the ID token was refused: "
                    + e.getMessage());
        }
        return claims.check(validated, signIn.reauth());
    }

    private JWT redeem(AuthorizationCode code, PortalSignIn signIn) throws SignInRefused {
        OidcProvider.Discovered discovered = provider.discovered();
        URI tokenEndpoint = discovered.metadata().getTokenEndpointURI();
        AuthorizationGrant grant = new AuthorizationCodeGrant(code, redirectUri, new CodeVerifier(signIn.codeVerifier()));
        ClientID client = new ClientID(config.clientId());
        TokenRequest request = config.clientSecret() == null ? new TokenRequest(tokenEndpoint, client, grant)
                : new TokenRequest(tokenEndpoint, new ClientSecretBasic(client,
                        new Secret(config.clientSecret().reveal())), grant);
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout((int) config.providerTimeout().toMillis());
        http.setReadTimeout((int) config.providerTimeout().toMillis());
        TokenResponse answer;
        try {
            HTTPResponse reply = http.send();
            answer = OIDCTokenResponseParser.parse(reply);
        } catch (IOException e) {
            throw new OidcProvider.ProviderUnavailable("token endpoint " + tokenEndpoint + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new SignInRefused(SignInRefused.Reason.TOKEN_REFUSED, "token endpoint " + tokenEndpoint
                    + ": an answer that is not a token response (" + e.getMessage() + ")");
        }
        if (!answer.indicatesSuccess()) {
            ErrorObject error = answer.toErrorResponse().getErrorObject();
            throw new SignInRefused(SignInRefused.Reason.TOKEN_REFUSED, "token endpoint " + tokenEndpoint + " answered "
                    + error.getHTTPStatusCode() + " " + error.getCode());
        }
        if (!(answer.toSuccessResponse() instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new SignInRefused(SignInRefused.Reason.TOKEN_REFUSED, "token endpoint " + tokenEndpoint
                    + " answered without an ID token");
        }
        return oidc.getOIDCTokens().getIDToken();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
