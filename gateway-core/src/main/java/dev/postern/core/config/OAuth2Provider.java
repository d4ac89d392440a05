package dev.postern.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Presets for {@code upstream-auth.oauth2.provider}: the token endpoint, the scope and the grant an
 * administrator would otherwise type by hand, and the provider's mail servers, which stand in for
 * a protocol's {@code upstream.address} and {@code upstream.tls} when those are not given.
 */
public enum OAuth2Provider {

    /** Microsoft 365 / Exchange Online: the endpoint is derived from {@code tenant}. */
    MICROSOFT365("https://login.microsoftonline.com/%s/oauth2/v2.0/token",
            "https://outlook.office365.com/.default", OAuth2Config.Grant.CLIENT_CREDENTIALS,
            Map.of("imap", new Server("outlook.office365.com", 993, UpstreamTls.IMPLICIT),
                    "smtp", new Server("smtp.office365.com", 587, UpstreamTls.STARTTLS),
                    "pop3", new Server("outlook.office365.com", 995, UpstreamTls.IMPLICIT))),
    /** Google Workspace: the endpoint is the service-account key file's {@code token_uri}, or Google's. */
    GOOGLE("https://oauth2.googleapis.com/token", "https://mail.google.com/", OAuth2Config.Grant.JWT_BEARER,
            Map.of("imap", new Server("imap.gmail.com", 993, UpstreamTls.IMPLICIT),
                    "smtp", new Server("smtp.gmail.com", 465, UpstreamTls.IMPLICIT),
                    "pop3", new Server("pop.gmail.com", 995, UpstreamTls.IMPLICIT))),
    /** Any OAuth2 server: every endpoint and the scope are configured. */
    GENERIC(null, null, null, Map.of());

    private final String tokenEndpoint;
    private final String scope;
    private final OAuth2Config.Grant grant;
    private final Map<String, Server> servers;

    OAuth2Provider(String tokenEndpoint, String scope, OAuth2Config.Grant grant, Map<String, Server> servers) {
        this.tokenEndpoint = tokenEndpoint;
        this.scope = scope;
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
        return Optional.ofNullable(tokenEndpoint);
    }

    /** Whether the token endpoint names a tenant. */
    boolean needsTenant() {
        return this == MICROSOFT365;
    }

    /** The preset scope of an application-wide or per-mailbox token. */
    public Optional<String> scope() {
        return Optional.ofNullable(scope);
    }

    /** The grant used when {@code grant} is not given. */
    Optional<OAuth2Config.Grant> grant() {
        return Optional.ofNullable(grant);
    }
}
