package dev.postern.core.upstream.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.config.OAuth2Provider;
import dev.postern.core.tls.PemFiles;
import dev.postern.core.tls.PemMaterial;
import dev.postern.core.tls.TlsMaterialException;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

/**
 * How Postern's client proves itself at the token endpoint: with its secret, with a certificate (a
 * fresh {@code private_key_jwt} assertion, RFC 7523, per request, its header carrying the
 * certificate's SHA-256 thumbprint, {@code x5t#S256}, which is how Microsoft Entra finds the
 * registered certificate), or not at all: a public client (RFC 6749 section 2.1), which only names
 * itself; the refresh-token grant allows that, as the consent of a device or a desktop application
 * does. {@link #toString()} never shows the secret.
 */
final class ClientProof {

    private final ClientID client;
    private final Secret secret;
    private final boolean secretInBody;
    private final PemMaterial certificate;
    private final Base64URL thumbprint;

    private ClientProof(String clientId, Secret secret, boolean secretInBody, PemMaterial certificate) {
        this.client = new ClientID(Objects.requireNonNull(clientId, "clientId"));
        this.secret = secret;
        this.secretInBody = secretInBody;
        this.certificate = certificate;
        this.thumbprint = certificate == null ? null : sha256Thumbprint(certificate);
    }

    /**
     * @param inBody {@code client_secret_post} (Microsoft's documented form) instead of HTTP Basic
     *               ({@code client_secret_basic}, the form every RFC 6749 server takes)
     */
    static ClientProof secret(String clientId, String secret, boolean inBody) {
        return new ClientProof(clientId, new Secret(secret), inBody, null);
    }

    /** @throws IllegalArgumentException when the key can sign neither RS256 nor ES256 */
    static ClientProof certificate(String clientId, PemMaterial certificate) {
        algorithmFor(certificate);
        return new ClientProof(clientId, null, false, certificate);
    }

    static ClientProof publicClient(String clientId) {
        return new ClientProof(clientId, null, false, null);
    }

    /**
     * The client {@code config} describes, its files read now.
     *
     * @throws IllegalArgumentException naming the key and what is wrong (never the secret)
     */
    static ClientProof of(OAuth2Config config) {
        if (config.clientSecret() != null) {
            return secret(config.clientId(), config.clientSecret().reveal(),
                    config.provider() == OAuth2Provider.MICROSOFT365);
        }
        if (config.clientCertificate() == null) {
            return publicClient(config.clientId());
        }
        PemMaterial certificate;
        try {
            certificate = PemFiles.read(config.clientCertificate(), config.clientKey());
        } catch (TlsMaterialException e) {
            throw new IllegalArgumentException("client-certificate-file: " + e.getMessage(), e);
        }
        return certificate(config.clientId(), certificate);
    }

    ClientID id() {
        return client;
    }

    /** A request at {@code endpoint} for {@code grant}, the client proven as configured (public: named in the body). */
    TokenRequest request(URI endpoint, AuthorizationGrant grant, Scope scope) throws UpstreamFailure {
        ClientAuthentication authentication = authentication(endpoint);
        return authentication == null ? new TokenRequest(endpoint, client, grant, scope)
                : new TokenRequest(endpoint, authentication, grant, scope);
    }

    /** How the client proves itself to {@code endpoint} (an assertion's audience); null for a public client. */
    ClientAuthentication authentication(URI endpoint) throws UpstreamFailure {
        if (secret != null) {
            return secretInBody ? new ClientSecretPost(client, secret) : new ClientSecretBasic(client, secret);
        }
        if (certificate == null) {
            return null;
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
    public String toString() {
        return "client " + client + (secret != null ? " (secret)" : certificate != null ? " (certificate)" : " (public)");
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
