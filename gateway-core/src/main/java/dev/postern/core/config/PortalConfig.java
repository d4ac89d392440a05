package dev.postern.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The portal listener ({@code portal}): HTTPS with the gateway's certificate ({@code tls}), serving
 * the admin REST API under {@code /api/v1/} and, with {@code portal.oidc}, the self-service pages.
 *
 * @param address        where it listens
 * @param publicUrl      how users and scripts reach it (behind a reverse proxy, the proxy's URL): the base of the
 *                       links it gives out
 * @param maxConnections open portal connections at most; more are closed as soon as they are accepted
 * @param requestTimeout how long a connection may take to send a whole request (and how long it may sit idle)
 * @param oidc           the users' sign-in; null without {@code portal.oidc} (then there are no self-service pages)
 */
public record PortalConfig(HostPort address, URI publicUrl, int maxConnections, Duration requestTimeout,
                           OidcConfig oidc) {

    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    static final String SECTION = "portal";
    static final String[] KEYS = {"address", "public-url", "max-connections", "request-timeout", OidcConfig.SECTION};
    static final String URL_EXPECTED = "expected the https URL users reach the portal at, such as"
            + " https://mail-access.example.com (http only on a loopback address)";

    private static final int MAX_CONNECTIONS = 100_000;

    public PortalConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Null when the section is absent or wrong (then the problems say why). */
    static PortalConfig bind(ConfigReader portal) {
        if (!portal.isPresent()) {
            return null;
        }
        int mark = portal.problems().count();
        HostPort address = portal.listenAddress("address", null);
        if (address == null && !portal.has("address")) {
            portal.problem("address", ConfigReader.MISSING, "expected host:port to listen on, such as \"0.0.0.0:8443\"");
        }
        URI publicUrl = portal.webUrl("public-url", URL_EXPECTED, false, false);
        int maxConnections = portal.integer("max-connections", DEFAULT_MAX_CONNECTIONS, 1, MAX_CONNECTIONS);
        Duration timeout = portal.duration("request-timeout", DEFAULT_REQUEST_TIMEOUT, Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        OidcConfig oidc = OidcConfig.bind(portal.section(OidcConfig.SECTION, OidcConfig.KEYS));
        if (portal.problems().count() > mark) {
            return null;
        }
        return new PortalConfig(address, publicUrl, maxConnections, timeout, oidc);
    }


    /** Where the provider sends the browser back after sign-in: {@code <public-url>/oidc/callback}. */
    public URI redirectUri() {
        return resolve("/oidc/callback");
    }

    /** {@code path} (absolute, e.g. {@code /mailbox/callback}) under {@code public-url}. */
    public URI resolve(String path) {
        String base = publicUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
