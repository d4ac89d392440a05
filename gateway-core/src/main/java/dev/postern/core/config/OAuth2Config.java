package dev.postern.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code upstream-auth.oauth2}: how Postern obtains the bearer tokens it logs in upstream with.
 *
 * @param provider          the preset the endpoint and scope came from
 * @param grant             how a token is obtained
 * @param tokenEndpoint     where tokens are requested ({@code https}, or {@code http} on a loopback address)
 * @param clientId          the application's client id ({@link Grant#CLIENT_CREDENTIALS}, {@link Grant#REFRESH_TOKEN}),
 *                          otherwise null
 * @param clientSecret      the client secret, or null when the client proves itself with a certificate (or, with
 *                          {@link Grant#REFRESH_TOKEN}, is a public client that proves nothing)
 * @param clientCertificate the certificate registered for the client ({@code private_key_jwt}), or null
 * @param clientKey         the private key of {@code clientCertificate}, or null
 * @param serviceAccountKey a Google-format service-account key file ({@link Grant#JWT_BEARER}), otherwise null
 * @param scope             the scope asked for
 * @param mechanism         how the token is presented upstream
 * @param trust             a PEM file of the certificates the token endpoint is checked against; null: the system's
 * @param requestTimeout    the connect and the read timeout of one token request
 * @param consent           where a user's consent starts and ends ({@link Grant#REFRESH_TOKEN}), otherwise null
 */
public record OAuth2Config(OAuth2Provider provider, Grant grant, URI tokenEndpoint, String clientId, Secret clientSecret,
                           Path clientCertificate, Path clientKey, Path serviceAccountKey, String scope,
                           Mechanism mechanism, Path trust, Duration requestTimeout, Consent consent) {

    /**
     * The endpoints of a user's consent ({@link Grant#REFRESH_TOKEN}).
     *
     * @param authorizationEndpoint       where the browser is sent to sign in and consent
     * @param redirectUri                 where the provider sends the browser back with the code; the
     *                                    default, {@code http://localhost}, loads nothing, and the user
     *                                    copies the address from the browser's address bar
     * @param deviceAuthorizationEndpoint where a device code is asked for (RFC 8628), or null when the
     *                                    provider has none (or does not allow mail on it)
     */
    public record Consent(URI authorizationEndpoint, URI redirectUri, URI deviceAuthorizationEndpoint) {
        public Consent {
            Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
            Objects.requireNonNull(redirectUri, "redirectUri");
        }
    }

    /** The redirect URI a consent uses unless {@code redirect-uri} says otherwise. */
    public static final URI DEFAULT_REDIRECT_URI = URI.create("http://localhost");

    /** How a token is obtained. */
    public enum Grant {
        /** One application token for every mailbox (Microsoft 365 app-only access); RFC 6749 section 4.4. */
        CLIENT_CREDENTIALS,
        /** One token per mailbox from an assertion signed with a service-account key (Google); RFC 7523. */
        JWT_BEARER,
        /** One token per user from the refresh token of the user's own consent. */
        REFRESH_TOKEN;

        /** The name used in the configuration: {@code client-credentials}, {@code jwt-bearer}, {@code refresh-token}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The SASL mechanism that carries the token upstream. */
    public enum Mechanism {
        XOAUTH2,
        /** RFC 7628. */
        OAUTHBEARER,
        /** XOAUTH2 when the upstream announces it, else OAUTHBEARER when announced, else XOAUTH2. */
        AUTO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static final String SECTION = "oauth2";
    static final String[] KEYS = {"provider", "grant", "tenant", "token-endpoint", "client-id", "client-secret-file",
            "client-certificate-file", "client-key-file", "service-account-key-file", "scope", "mechanism", "trust",
            "request-timeout", "authorization-endpoint", "redirect-uri", "device-authorization-endpoint"};

    public OAuth2Config {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (grant == Grant.CLIENT_CREDENTIALS) {
            Objects.requireNonNull(clientId, "clientId");
            if ((clientSecret == null) == (clientCertificate == null) || (clientCertificate == null) != (clientKey == null)) {
                throw new IllegalArgumentException("expected a client secret, or a client certificate and its key");
            }
        }
        if (grant == Grant.JWT_BEARER) {
            Objects.requireNonNull(serviceAccountKey, "serviceAccountKey");
        }
        if (grant == Grant.REFRESH_TOKEN) {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(consent, "consent");
            if ((clientSecret != null && clientCertificate != null) || (clientCertificate == null) != (clientKey == null)) {
                throw new IllegalArgumentException("expected at most a client secret, or a client certificate and its key");
            }
        } else if (consent != null) {
            throw new IllegalArgumentException("consent: only with grant refresh-token");
        }
    }

    /** Whether each user's own consent (a stored refresh token) gives the tokens. */
    public boolean perUserConsent() {
        return grant == Grant.REFRESH_TOKEN;
    }

    @Override
    public String toString() {
        return "OAuth2Config[" + provider.wireName() + ", " + grant.wireName() + " at " + tokenEndpoint
                + (clientId == null ? "" : ", client " + clientId) + ", scope " + scope + "]";
    }
}
