package dev.postern.core.upstream.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.postern.core.tls.PemMaterial;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

/**
 * The client-credentials grant (RFC 6749 section 4.4), as Microsoft 365's app-only access uses it:
 * one token for the application, good for every mailbox it was granted; the SASL exchange names
 * the mailbox. The client proves itself with its secret, or with a certificate: a fresh
 * {@code private_key_jwt} assertion (RFC 7523) per request, its header carrying the certificate's
 * SHA-256 thumbprint ({@code x5t#S256}), which is how Microsoft Entra finds the registered certificate.
 */
final class ApplicationTokenGrant implements TokenGrant {

    /** Every mailbox shares the application's token. */
    static final String APPLICATION = "";

    private final URI endpoint;
    private final ClientID client;
    private final Scope scope;
    private final Secret secret;
    private final boolean secretInBody;
    private final PemMaterial certificate;
    private final Base64URL thumbprint;

    private ApplicationTokenGrant(URI endpoint, String clientId, String scope, Secret secret, boolean secretInBody,
                                  PemMaterial certificate) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.client = new ClientID(Objects.requireNonNull(clientId, "clientId"));
        this.scope = Scope.parse(Objects.requireNonNull(scope, "scope"));
        this.secret = secret;
        this.secretInBody = secretInBody;
        this.certificate = certificate;
        this.thumbprint = certificate == null ? null : sha256Thumbprint(certificate);
    }

    /**
     * @param inBody {@code client_secret_post} (Microsoft's documented form) instead of HTTP Basic
     *               ({@code client_secret_basic}, the form every RFC 6749 server takes)
     */
    static ApplicationTokenGrant withSecret(URI endpoint, String clientId, String scope, String secret, boolean inBody) {
        return new ApplicationTokenGrant(endpoint, clientId, scope, new Secret(secret), inBody, null);
    }

    /** @throws IllegalArgumentException when the key can sign neither RS256 nor ES256 */
    static ApplicationTokenGrant withCertificate(URI endpoint, String clientId, String scope, PemMaterial certificate) {
        algorithmFor(certificate);
        return new ApplicationTokenGrant(endpoint, clientId, scope, null, false, certificate);
    }

    @Override
    public String tokenFor(String mailbox) {
        return APPLICATION;
    }

    @Override
    public TokenRequest request(String mailbox) throws UpstreamFailure {
        return new TokenRequest(endpoint, authentication(), new ClientCredentialsGrant(), scope);
    }

    private ClientAuthentication authentication() throws UpstreamFailure {
        if (secret != null) {
            return secretInBody ? new ClientSecretPost(client, secret) : new ClientSecretBasic(client, secret);
        }
        try {
            return new PrivateKeyJWT(client, endpoint, algorithmFor(certificate), certificate.privateKey(), null, null,
                    thumbprint, null);
        } catch (JOSEException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CLIENT_REJECTED,
                    "cannot sign the client assertion with the client key (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String describe() {
        return "client-credentials grant for client " + client + (secret != null ? " (secret)" : " (certificate)");
    }

    private static JWSAlgorithm algorithmFor(PemMaterial certificate) {
        if (certificate.privateKey() instanceof RSAPrivateKey) {
            return JWSAlgorithm.RS256;
        }
        if (certificate.privateKey() instanceof ECPrivateKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return JWSAlgorithm.ES256;
        }
        throw new IllegalArgumentException("client-key-file: a " + certificate.privateKey().getAlgorithm()
                + " key (expected RSA, or EC P-256)");
    }

    private static Base64URL sha256Thumbprint(PemMaterial certificate) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.leaf().getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take the certificate's SHA-256 thumbprint", e);
        }
    }
}
