package dev.postern.core.upstream.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.UUID;

/**
 * The JWT-bearer grant (RFC 7523) as Google Workspace's domain-wide delegation uses it: per
 * mailbox, an assertion signed with the service account's key, issued by the service account, for
 * the mailbox ({@code sub}), to the token endpoint ({@code aud}), with the scope as a claim (and,
 * for servers that read it there, as a parameter).
 */
final class ServiceAccountGrant implements SelfContainedGrant {

    /** Google accepts assertions that live at most an hour. */
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(60);

    private final URI endpoint;
    private final ServiceAccountKey key;
    private final String scope;
    private final boolean scopeParameter;
    private final InstantSource clock;

    /** @param scopeParameter also send {@code scope} as a request parameter (not Google: it reads the claim) */
    ServiceAccountGrant(URI endpoint, ServiceAccountKey key, String scope, boolean scopeParameter, InstantSource clock) {
        this.endpoint = endpoint;
        this.key = key;
        this.scope = scope;
        this.scopeParameter = scopeParameter;
        this.clock = clock;
    }

    @Override
    public String tokenFor(String mailbox) {
        return mailbox;
    }

    @Override
    public TokenRequest request(String mailbox) throws UpstreamFailure {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(key.clientEmail())
                .subject(mailbox)
                .audience(endpoint.toString())
                .claim("scope", scope)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.keyId()).build();
        SignedJWT assertion = new SignedJWT(header, claims);
        try {
            assertion.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.CLIENT_REJECTED,
                    "cannot sign the assertion with the service-account key (" + e.getMessage() + ")", e);
        }
        return new TokenRequest(endpoint, new JWTBearerGrant(assertion), scopeParameter ? Scope.parse(scope) : null);
    }

    @Override
    public String describe() {
        return "jwt-bearer grant of service account " + key.clientEmail();
    }
}
