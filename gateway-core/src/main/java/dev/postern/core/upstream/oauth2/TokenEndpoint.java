package dev.postern.core.upstream.oauth2;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.postern.core.upstream.UpstreamFailure;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one token request and reads the answer: an {@link IssuedToken}, or an {@link UpstreamFailure}
 * that says whose problem it is. {@code invalid_grant} means the grant itself is gone (consent
 * withdrawn, a refresh token revoked or expired): {@link UpstreamFailure.Kind#TOKEN_REVOKED}. A
 * refusal of the gateway's client or of what it asked for: {@link UpstreamFailure.Kind#CLIENT_REJECTED}.
 * Anything else (unreachable, timed out, 5xx, not a token response):
 * {@link UpstreamFailure.Kind#TOKEN_UNAVAILABLE}. Messages carry the endpoint, the HTTP status and
 * the server's error code and description, never a token or a client secret.
 *
 * <p>Blocking: call it on the token pool, never on an event loop.
 */
final class TokenEndpoint {

    /** A token without {@code expires_in} is kept this long. */
    static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);

    private static final Set<String> CLIENT_ERRORS = Set.of(OAuth2Error.INVALID_CLIENT_CODE,
            OAuth2Error.UNAUTHORIZED_CLIENT_CODE, OAuth2Error.INVALID_SCOPE_CODE, OAuth2Error.UNSUPPORTED_GRANT_TYPE_CODE,
            OAuth2Error.ACCESS_DENIED_CODE);
    private static final int MAX_DESCRIPTION = 300;

    private final Duration timeout;
    private final SSLSocketFactory trust;
    private final InstantSource clock;

    /**
     * @param timeout the connect timeout and, again, the read timeout
     * @param trust   the certificates the endpoint is checked against; null: the system's
     */
    TokenEndpoint(Duration timeout, SSLSocketFactory trust, InstantSource clock) {
        this.timeout = timeout;
        this.trust = trust;
        this.clock = clock;
    }

    /** What a token request was answered: the tokens, or the server's error (and its HTTP status). */
    record Reply(TokenAnswer tokens, ErrorObject error, int status) {
    }

    IssuedToken fetch(TokenRequest request) throws UpstreamFailure {
        return exchange(request).accessToken();
    }

    /**
     * The tokens {@code request} is answered with.
     *
     * @throws UpstreamFailure for an error answer (its kind says whose problem it is) or any trouble
     */
    TokenAnswer exchange(TokenRequest request) throws UpstreamFailure {
        Reply reply = send(request);
        if (reply.error() != null) {
            throw refusal(request.getEndpointURI(), reply.status(), reply.error());
        }
        return reply.tokens();
    }

    /**
     * Sends {@code request} and reads the answer, an error answer included (the device flow reads
     * {@code authorization_pending} and {@code slow_down} as part of its course).
     *
     * @throws UpstreamFailure {@link UpstreamFailure.Kind#TOKEN_UNAVAILABLE} when there is no token or error answer
     */
    Reply send(TokenRequest request) throws UpstreamFailure {
        URI endpoint = request.getEndpointURI();
        Instant asked = clock.instant();
        HTTPResponse response = send(request.toHTTPRequest(), endpoint);
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw unavailable(endpoint, "HTTP " + response.getStatusCode() + ", not a token response ("
                    + printable(e.getMessage()) + ")", e);
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = ((TokenErrorResponse) parsed).getErrorObject();
            return new Reply(null, error == null ? new ErrorObject(null) : error, response.getStatusCode());
        }
        AccessTokenResponse success = (AccessTokenResponse) parsed;
        AccessToken token = success.getTokens().getAccessToken();
        long lifetime = token.getLifetime();
        Duration valid = lifetime > 0 ? Duration.ofSeconds(lifetime) : UNSTATED_LIFETIME;
        RefreshToken refresh = success.getTokens().getRefreshToken();
        Object idToken = success.getCustomParameters().get("id_token");
        return new Reply(new TokenAnswer(new IssuedToken(token.getValue(), asked, asked.plus(valid)),
                refresh == null ? null : refresh.getValue(), idToken instanceof String text ? text : null),
                null, response.getStatusCode());
    }

    /**
     * Sends one request to the provider with this endpoint's timeouts and trust, never following a
     * redirect.
     *
     * @throws UpstreamFailure {@link UpstreamFailure.Kind#TOKEN_UNAVAILABLE} when there is no answer
     */
    HTTPResponse send(HTTPRequest http, URI endpoint) throws UpstreamFailure {
        http.setConnectTimeout((int) timeout.toMillis());
        http.setReadTimeout((int) timeout.toMillis());
        if (trust != null) {
            http.setSSLSocketFactory(trust);
        }
        http.setFollowRedirects(false);
        try {
            return http.send();
        } catch (SocketTimeoutException e) {
            throw unavailable(endpoint, "no answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw unavailable(endpoint, "unreachable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    /** What an error answer says, for messages: its code and description, printable and capped. */
    static String describe(ErrorObject error) {
        String code = error == null || error.getCode() == null ? "" : error.getCode();
        return printable(code) + (error == null || error.getDescription() == null ? ""
                : ": " + printable(error.getDescription()));
    }

    static UpstreamFailure refusal(URI endpoint, int status, ErrorObject error) {
        String code = error == null || error.getCode() == null ? "" : error.getCode();
        String detail = "token endpoint " + endpoint + " answered HTTP " + status + " " + describe(error);
        if (code.equals(OAuth2Error.INVALID_GRANT_CODE)) {
            return new UpstreamFailure(UpstreamFailure.Kind.TOKEN_REVOKED, detail);
        }
        if (CLIENT_ERRORS.contains(code)) {
            return new UpstreamFailure(UpstreamFailure.Kind.CLIENT_REJECTED, detail);
        }
        return new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE, detail);
    }

    static UpstreamFailure unavailable(URI endpoint, String what, Exception cause) {
        return new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE, "token endpoint " + endpoint + ": " + what, cause);
    }

    /** Server text for logs: printable ASCII, capped. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_DESCRIPTION; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
