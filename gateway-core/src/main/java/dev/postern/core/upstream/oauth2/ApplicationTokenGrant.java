package dev.postern.core.upstream.oauth2;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.postern.core.tls.PemMaterial;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.URI;
import java.util.Objects;

/**
 * The client-credentials grant (RFC 6749 section 4.4), as Microsoft 365's app-only access uses it:
 * one token for the application, good for every mailbox it was granted; the SASL exchange names
 * the mailbox. The client proves itself with its secret, or with a certificate ({@link ClientProof}).
 */
final class ApplicationTokenGrant implements SelfContainedGrant {

    /** Every mailbox shares the application's token. */
    static final String APPLICATION = "";

    private final URI endpoint;
    private final ClientProof client;
    private final Scope scope;

    ApplicationTokenGrant(URI endpoint, ClientProof client, String scope) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.client = Objects.requireNonNull(client, "client");
        this.scope = Scope.parse(Objects.requireNonNull(scope, "scope"));
    }

    /**
     * @param inBody {@code client_secret_post} (Microsoft's documented form) instead of HTTP Basic
     *               ({@code client_secret_basic}, the form every RFC 6749 server takes)
     */
    static ApplicationTokenGrant withSecret(URI endpoint, String clientId, String scope, String secret, boolean inBody) {
        return new ApplicationTokenGrant(endpoint, ClientProof.secret(clientId, secret, inBody), scope);
    }

    /** @throws IllegalArgumentException when the key can sign neither RS256 nor ES256 */
    static ApplicationTokenGrant withCertificate(URI endpoint, String clientId, String scope, PemMaterial certificate) {
        return new ApplicationTokenGrant(endpoint, ClientProof.certificate(clientId, certificate), scope);
    }

    @Override
    public String tokenFor(String mailbox) {
        return APPLICATION;
    }

    @Override
    public TokenRequest request(String mailbox) throws UpstreamFailure {
        return client.request(endpoint, new ClientCredentialsGrant(), scope);
    }

    @Override
    public String describe() {
        return "client-credentials grant for " + client;
    }
}
