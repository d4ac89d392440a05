package dev.postern.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads {@code upstream-auth.oauth2}: the provider's presets first, then what the section gives or
 * overrides, then what the grant needs. Every problem names its key.
 */
final class OAuth2Binder {

    static final String HTTPS_EXPECTED = "expected an https URL (http only on a loopback address)";
    static final String REFRESH_TOKEN_LATER = "not supported yet (per-user consent comes with `postern users connect`);"
            + " expected client-credentials or jwt-bearer";

    /** A tenant's domain name or directory id, as it appears in the Microsoft token endpoint's path. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

    private final ConfigReader section;

    private OAuth2Binder(ConfigReader section) {
        this.section = section;
    }

    /** Binds the section of {@code oauth2} mode; null when it is missing or something in it is wrong (reported). */
    static OAuth2Config bind(ConfigReader section) {
        return new OAuth2Binder(section).bind();
    }

    private OAuth2Config bind() {
        int mark = section.problems().count();
        OAuth2Provider provider = section.choice("provider", OAuth2Provider.values(), OAuth2Provider::wireName, null);
        if (provider == null) {
            return null;
        }
        OAuth2Config.Grant grant = section.choice("grant", OAuth2Config.Grant.values(), OAuth2Config.Grant::wireName,
                provider.grant().orElse(null));
        if (grant == OAuth2Config.Grant.REFRESH_TOKEN) {
            section.problem("grant", section.show("grant"), REFRESH_TOKEN_LATER);
        }
        URI tokenEndpoint = tokenEndpoint(provider);
        String scope = section.has("scope") || provider.scope().isEmpty()
                ? section.requiredText("scope", "expected the scope to ask for, e.g. https://outlook.office365.com/.default")
                : provider.scope().get();
        OAuth2Config.Mechanism mechanism = section.choice("mechanism", OAuth2Config.Mechanism.values(),
                OAuth2Config.Mechanism::wireName, OAuth2Config.Mechanism.AUTO);
        Path trust = section.has("trust") ? section.readableFile("trust", true) : null;
        Duration timeout = section.duration("request-timeout", OAuth2Config.DEFAULT_REQUEST_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        String clientId = null;
        Secret clientSecret = null;
        Path certificate = null;
        Path key = null;
        Path serviceAccountKey = null;
        if (grant == OAuth2Config.Grant.CLIENT_CREDENTIALS) {
            clientId = section.requiredText("client-id", "expected the application (client) id of the app registration");
            if (section.has("client-secret-file") == section.has("client-certificate-file")) {
                section.problem("client-secret-file", section.has("client-secret-file")
                                ? section.show("client-secret-file") : ConfigReader.MISSING,
                        "expected exactly one of client-secret-file, client-certificate-file (with client-key-file)");
            } else if (section.has("client-secret-file")) {
                clientSecret = section.secretFile("client-secret-file", true, "a non-empty client secret");
                refuse("client-key-file", "used only with client-certificate-file");
            } else {
                certificate = section.readableFile("client-certificate-file", true);
                key = section.readableFile("client-key-file", true);
            }
            refuse("service-account-key-file", "used only with grant jwt-bearer");
        } else if (grant == OAuth2Config.Grant.JWT_BEARER) {
            serviceAccountKey = section.readableFile("service-account-key-file", true);
            for (String unused : new String[] {"client-id", "client-secret-file", "client-certificate-file",
                    "client-key-file"}) {
                refuse(unused, "used only with grant client-credentials (jwt-bearer takes the client from the"
                        + " service-account key file)");
            }
        }
        if (section.problems().count() > mark || grant == null || tokenEndpoint == null || scope == null) {
            return null;
        }
        return new OAuth2Config(provider, grant, tokenEndpoint, clientId, clientSecret, certificate, key,
                serviceAccountKey, scope, mechanism, trust, timeout);
    }

    /** {@code token-endpoint} when given, else the preset (Microsoft 365: with {@code tenant}). */
    private URI tokenEndpoint(OAuth2Provider provider) {
        if (section.has("token-endpoint")) {
            if (section.has("tenant")) {
                refuse("tenant", "not used when token-endpoint is given");
            }
            return endpoint("token-endpoint");
        }
        if (provider.needsTenant()) {
            String tenant = section.requiredText("tenant",
                    "expected the tenant's domain (contoso.onmicrosoft.com) or directory id, or a token-endpoint");
            if (tenant == null) {
                return null;
            }
            if (!TENANT.matcher(tenant).matches()) {
                section.problem("tenant", section.show("tenant"),
                        "expected a domain name or directory id (letters, digits, dots, dashes)");
                return null;
            }
            return URI.create(String.format(provider.tokenEndpoint().orElseThrow(), tenant));
        }
        if (section.has("tenant")) {
            refuse("tenant", "used only with provider microsoft365");
        }
        if (provider.tokenEndpoint().isEmpty()) {
            section.problem("token-endpoint", ConfigReader.MISSING, "expected the token endpoint's URL for provider "
                    + provider.wireName());
            return null;
        }
        return URI.create(provider.tokenEndpoint().get());
    }

    private URI endpoint(String key) {
        String text = section.requiredText(key, HTTPS_EXPECTED);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            section.problem(key, section.show(key), "not a URL (" + e.getReason() + "); " + HTTPS_EXPECTED);
            return null;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            section.problem(key, section.show(key), HTTPS_EXPECTED + ", with a host and without user or fragment");
            return null;
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
        if (!https && !loopbackHttp) {
            section.problem(key, section.show(key), HTTPS_EXPECTED);
            return null;
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        try {
            return new HostPort(host, 0).isLoopback();
        } catch (IllegalArgumentException notAHost) {
            return false;
        }
    }

    private void refuse(String key, String reason) {
        if (section.has(key)) {
            section.problem(key, section.show(key), reason);
        }
    }
}
