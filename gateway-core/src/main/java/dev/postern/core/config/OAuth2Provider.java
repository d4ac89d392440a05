package dev.postern.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Presets for {@code upstream-auth.oauth2.provider}: the endpoints, the scopes and the grant an
 * administrator would otherwise type by hand, and the provider's mail servers, which stand in for
 * a protocol's {@code upstream.address} and {@code upstream.tls} when those are not given.
 */
public enum OAuth2Provider {

    /** Microsoft 365 / Exchange Online: the endpoints are derived from {@code tenant}. */
    MICROSOFT365(new Endpoints("https://login.microsoftonline.com/%s/oauth2/v2.0/token",
            "https://login.microsoftonline.com/%s/oauth2/v2.0/authorize",
            "https://login.microsoftonline.com/%s/oauth2/v2.0/devicecode"),
            "https://outlook.office365.com/.default",
            "https://outlook.office365.com/IMAP.AccessAsUser.All https://outlook.office365.com/SMTP.Send"
                    + " https://outlook.office365.com/POP.AccessAsUser.All offline_access",
            "openid profile email", Map.of(), OAuth2Config.Grant.CLIENT_CREDENTIALS,
            Map.of("imap", new Server("outlook.office365.com", 993, UpstreamTls.IMPLICIT),
                    "smtp", new Server("smtp.office365.com", 587, UpstreamTls.STARTTLS),
                    "pop3", new Server("outlook.office365.com", 995, UpstreamTls.IMPLICIT))),
    /**
     * Google Workspace: the token endpoint is the service-account key file's {@code token_uri}, or
     * Google's. A consent asks for offline access and always shows the consent screen: Google issues a
     * refresh token only then. Google does not allow the mail scope in the device flow: no device endpoint.
     */
    GOOGLE(new Endpoints("https://oauth2.googleapis.com/token", "https://accounts.google.com/o/oauth2/v2/auth", null),
            "https://mail.google.com/", "https://mail.google.com/", "openid email",
            Map.of("access_type", "offline", "prompt", "consent"), OAuth2Config.Grant.JWT_BEARER,
            Map.of("imap", new Server("imap.gmail.com", 993, UpstreamTls.IMPLICIT),
                    "smtp", new Server("smtp.gmail.com", 465, UpstreamTls.IMPLICIT),
                    "pop3", new Server("pop.gmail.com", 995, UpstreamTls.IMPLICIT))),
    /** Any OAuth2 server: every endpoint and the scope are configured. */
    GENERIC(new Endpoints(null, null, null), null, null, null, Map.of(), null, Map.of());

    /** The preset endpoints; Microsoft's are formats with the tenant's place ({@code %s}); null: none. */
    private record Endpoints(String token, String authorization, String deviceAuthorization) {
    }

    private final Endpoints endpoints;
    private final String scope;
    private final String delegatedScope;
    private final String identityScope;
    private final Map<String, String> consentParameters;
    private final OAuth2Config.Grant grant;
    private final Map<String, Server> servers;

    OAuth2Provider(Endpoints endpoints, String scope, String delegatedScope, String identityScope,
                   Map<String, String> consentParameters, OAuth2Config.Grant grant, Map<String, Server> servers) {
        this.endpoints = endpoints;
        this.scope = scope;
        this.delegatedScope = delegatedScope;
        this.identityScope = identityScope;
        this.consentParameters = consentParameters;
        this.grant = grant;
        this.servers = servers;
    }

    /** A provider's mail server for one protocol: where it listens and how it speaks TLS. */
    public record Server(String host, int port, UpstreamTls tls) {

        HostPort address() {
            return new HostPort(host, port);
        }
    }

    /** The provider's server for the protocol whose configuration section is {@code section}. */
    public Optional<Server> server(String section) {
        return Optional.ofNullable(servers.get(section));
    }

    /** The name used in the configuration: {@code microsoft365}, {@code google}, {@code generic}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset token endpoint; for Microsoft 365 a format with the tenant's place ({@code %s}). */
    Optional<String> tokenEndpoint() {
        return Optional.ofNullable(endpoints.token());
    }

    /** The preset authorization endpoint, where a user's consent starts; a format like {@link #tokenEndpoint()}. */
    Optional<String> authorizationEndpoint() {
        return Optional.ofNullable(endpoints.authorization());
    }

    /** The preset device authorization endpoint (RFC 8628); a format like {@link #tokenEndpoint()}. */
    Optional<String> deviceAuthorizationEndpoint() {
        return Optional.ofNullable(endpoints.deviceAuthorization());
    }

    /** Whether the endpoints name a tenant. */
    boolean needsTenant() {
        return this == MICROSOFT365;
    }

    /** Whether the provider allows the mail scope in the device flow (RFC 8628); Google does not. */
    public boolean allowsDeviceFlowForMail() {
        return this != GOOGLE;
    }

    /** The preset scope of an application-wide or per-mailbox token. */
    public Optional<String> scope() {
        return Optional.ofNullable(scope);
    }

    /** The preset scope of {@code grant}: a user's delegated mail access for the refresh-token grant. */
    Optional<String> scope(OAuth2Config.Grant grant) {
        return grant == OAuth2Config.Grant.REFRESH_TOKEN ? Optional.ofNullable(delegatedScope) : scope();
    }

    /**
     * The OpenID Connect scopes a consent also asks for, so that the token response names the account
     * that consented ({@code email}, {@code preferred_username}); empty for {@link #GENERIC}, whose
     * {@code scope} says all.
     */
    public Optional<String> identityScope() {
        return Optional.ofNullable(identityScope);
    }

    /** Parameters a consent's authorization request carries besides the standard ones (Google: offline access). */
    public Map<String, String> consentParameters() {
        return consentParameters;
    }

    /** The grant used when {@code grant} is not given. */
    Optional<OAuth2Config.Grant> grant() {
        return Optional.ofNullable(grant);
    }
}
