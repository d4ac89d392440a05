package dev.postern.server.portal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.postern.core.config.HostPort;
import dev.postern.core.config.OidcConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The organisation's OpenID Connect provider as Nimbus sees it: its metadata, read from the issuer's
 * discovery document (the issuer in it must be the configured one) on first use and kept once read,
 * and the ID token validator built on it (signature by the provider's JWKS, fetched and cached by
 * Nimbus; issuer; audience; expiry; nonce). Blocking (HTTP): call it on the portal pool.
 */
final class OidcProvider {

    /** Signature algorithms accepted for ID tokens when the provider lists none we take (OpenID Connect's default). */
    static final JWSAlgorithm DEFAULT_ALGORITHM = JWSAlgorithm.RS256;
    private static final int MAX_DOCUMENT = 256 * 1024;

    private final OidcConfig config;
    private Discovered discovered;

    /** The metadata and the validator that goes with it. */
    record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    OidcProvider(OidcConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The provider's metadata and validator, discovered now if not yet.
     *
     * @throws ProviderUnavailable if the discovery document cannot be read or does not fit
     */
    synchronized Discovered discovered() {
        if (discovered == null) {
            discovered = discover();
        }
        return discovered;
    }

    private Discovered discover() {
        int timeout = (int) config.providerTimeout().toMillis();
        Issuer issuer = new Issuer(config.issuer());
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.resolve(issuer, timeout, timeout);
        } catch (GeneralException | IOException e) {
            throw new ProviderUnavailable("cannot read the discovery document of " + config.issuer() + ": "
                    + e.getMessage(), e);
        }
        requireSecure("authorization_endpoint", metadata.getAuthorizationEndpointURI());
        requireSecure("token_endpoint", metadata.getTokenEndpointURI());
        requireSecure("jwks_uri", metadata.getJWKSetURI());
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs();
        if (offered != null) {
            offered.stream().filter(alg -> JWSAlgorithm.Family.SIGNATURE.contains(alg)).forEach(algorithms::add);
        }
        if (algorithms.isEmpty()) {
            algorithms.add(DEFAULT_ALGORITHM);
        }
        URL jwks;
        try {
            jwks = metadata.getJWKSetURI().toURL();
        } catch (IOException e) {
            throw new ProviderUnavailable("jwks_uri " + metadata.getJWKSetURI() + " is not a URL", e);
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks,
                new DefaultResourceRetriever(timeout, timeout, MAX_DOCUMENT)).build();
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(config.clientId()),
                new JWSVerificationKeySelector<>(algorithms, keys), null);
        return new Discovered(metadata, validator);
    }

    /** Endpoints are https, except on a loopback address (tests), like the issuer itself. */
    private void requireSecure(String name, URI endpoint) {
        if (endpoint == null) {
            throw new ProviderUnavailable("the discovery document of " + config.issuer() + " has no " + name, null);
        }
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        boolean loopbackHttp = "http".equalsIgnoreCase(endpoint.getScheme()) && endpoint.getHost() != null
                && new HostPort(endpoint.getHost(), 0).isLoopback();
        if (!https && !loopbackHttp) {
            throw new ProviderUnavailable("the discovery document of " + config.issuer() + " gives " + name + " "
                    + endpoint + " (expected https, http only on a loopback address)", null);
        }
    }

    /** The provider cannot be used now (discovery failed or does not fit): a temporary refusal, logged. */
    static final class ProviderUnavailable extends RuntimeException {
        ProviderUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
