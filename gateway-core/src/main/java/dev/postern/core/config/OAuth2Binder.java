package dev.postern.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads {@code upstream-auth.oauth2}: the provider's presets first, then what the section gives or
 * overrides, then what the grant needs. Every problem names its key.
 */
final class OAuth2Binder {

    static final String HTTPS_EXPECTED = "expected an https URL (http only on a loopback address)";
    static final String NO_DEVICE_FLOW_AT_GOOGLE = "Google does not allow the mail scope"
            + " (https://mail.google.com/) in the device flow; leave it out and connect users with the browser";
    static final String CONSENT_KEYS_ONLY = "used only with grant refresh-token";

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
        String tenant = tenant(provider);
        URI tokenEndpoint = tokenEndpoint(provider, tenant);
        String presetScope = grant == null ? null : provider.scope(grant).orElse(null);
        String scope = grant == null ? null : section.has("scope") || presetScope == null
                ? section.requiredText("scope", "expected the scope to ask for, e.g. https://outlook.office365.com/.default")
                : presetScope;
        OAuth2Config.Mechanism mechanism = section.choice("mechanism", OAuth2Config.Mechanism.values(),
                OAuth2Config.Mechanism::wireName, OAuth2Config.Mechanism.AUTO);
        Path trust = section.has("trust") ? section.readableFile("trust", true) : null;
        Duration timeout = section.duration("request-timeout", OAuth2Config.DEFAULT_REQUEST_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        String clientId = null;
        Secret clientSecret = null;
        Path certificate = null;
        Path key = null;
        Path serviceAccountKey = null;
        OAuth2Config.Consent consent = null;
        if (grant == OAuth2Config.Grant.CLIENT_CREDENTIALS || grant == OAuth2Config.Grant.REFRESH_TOKEN) {
            boolean publicAllowed = grant == OAuth2Config.Grant.REFRESH_TOKEN;
            clientId = section.requiredText("client-id", "expected the application (client) id of the app registration");
            boolean secret = section.has("client-secret-file");
            boolean withCertificate = section.has("client-certificate-file");
            if (secret && withCertificate || !secret && !withCertificate && !publicAllowed) {
                section.problem("client-secret-file", secret ? section.show("client-secret-file") : ConfigReader.MISSING,
                        publicAllowed
                                ? "expected at most one of client-secret-file, client-certificate-file (with"
                                        + " client-key-file); neither for a public client"
                                : "expected exactly one of client-secret-file, client-certificate-file (with"
                                        + " client-key-file)");
            } else if (secret) {
                clientSecret = section.secretFile("client-secret-file", true, "a non-empty client secret");
                refuse("client-key-file", "used only with client-certificate-file");
            } else if (withCertificate) {
                certificate = section.readableFile("client-certificate-file", true);
                key = section.readableFile("client-key-file", true);
            } else {
                refuse("client-key-file", "used only with client-certificate-file");
            }
            refuse("service-account-key-file", "used only with grant jwt-bearer");
        } else if (grant == OAuth2Config.Grant.JWT_BEARER) {
            serviceAccountKey = section.readableFile("service-account-key-file", true);
            for (String unused : new String[] {"client-id", "client-secret-file", "client-certificate-file",
                    "client-key-file"}) {
                refuse(unused, "used only with grants client-credentials and refresh-token (jwt-bearer takes the"
                        + " client from the service-account key file)");
            }
        }
        if (grant == OAuth2Config.Grant.REFRESH_TOKEN) {
            consent = consent(provider, tenant);
        } else {
            for (String unused : new String[] {"authorization-endpoint", "redirect-uri", "device-authorization-endpoint"}) {
                refuse(unused, CONSENT_KEYS_ONLY);
            }
        }
        if (section.problems().count() > mark || grant == null || tokenEndpoint == null || scope == null) {
            return null;
        }
        return new OAuth2Config(provider, grant, tokenEndpoint, clientId, clientSecret, certificate, key,
                serviceAccountKey, scope, mechanism, trust, timeout, consent);
    }

    /** Whether {@code section} asks for the refresh-token grant (its keys are checked by {@link #bind}). */
    static boolean asksForRefreshToken(ConfigReader section) {
        return OAuth2Config.Grant.REFRESH_TOKEN.wireName().equals(section.peekText("grant"));
    }

    /**
     * The endpoints of a user's consent: {@code authorization-endpoint} when given, else the preset
     * (Microsoft 365: with {@code tenant}); {@code redirect-uri}, by default {@code http://localhost};
     * {@code device-authorization-endpoint} when given, else the preset, if any.
     */
    private OAuth2Config.Consent consent(OAuth2Provider provider, String tenant) {
        URI authorization = presetOr("authorization-endpoint", provider.authorizationEndpoint().orElse(null), tenant,
                provider.needsTenant()
                        ? "expected the authorization endpoint's URL (with provider microsoft365 it is derived from"
                                + " tenant)"
                        : "expected the authorization endpoint's URL for provider " + provider.wireName());
        URI redirect = section.has("redirect-uri") ? redirectUri() : OAuth2Config.DEFAULT_REDIRECT_URI;
        URI device = null;
        if (!provider.allowsDeviceFlowForMail()) {
            refuse("device-authorization-endpoint", NO_DEVICE_FLOW_AT_GOOGLE);
        } else if (section.has("device-authorization-endpoint")) {
            device = endpoint("device-authorization-endpoint");
        } else if (provider.deviceAuthorizationEndpoint().isPresent() && tenant != null) {
            device = URI.create(String.format(provider.deviceAuthorizationEndpoint().get(), tenant));
        }
        return authorization == null || redirect == null ? null
                : new OAuth2Config.Consent(authorization, redirect, device);
    }

    /**
     * The URL under {@code key} when given, else the preset (with the tenant's place filled), else a
     * problem; none either when the preset needs a tenant that is missing or bad (reported under tenant).
     */
    private URI presetOr(String key, String preset, String tenant, String expected) {
        if (section.has(key)) {
            return endpoint(key);
        }
        boolean needsTenant = preset != null && preset.contains("%s");
        if (preset != null && !needsTenant) {
            return URI.create(preset);
        }
        if (needsTenant && tenant != null) {
            return URI.create(String.format(preset, tenant));
        }
        if (!needsTenant || section.has("token-endpoint")) {
            section.problem(key, ConfigReader.MISSING, expected);
        }
        return null;
    }

    /** {@code redirect-uri}: an absolute http(s) URL without fragment; plain http only to a loopback host. */
    private URI redirectUri() {
        return section.webUrl("redirect-uri", "expected the redirect URI registered for the client: http://localhost"
                + " (the default), an https URL, or http on another loopback address", true, false);
    }

    /** {@code tenant} of a provider that needs one, checked; null when absent or bad (bad: reported). */
    private String tenant(OAuth2Provider provider) {
        if (!provider.needsTenant()) {
            if (section.has("tenant")) {
                refuse("tenant", "used only with provider microsoft365");
            }
            return null;
        }
        if (section.has("token-endpoint")) {
            if (section.has("tenant")) {
                refuse("tenant", "not used when token-endpoint is given");
            }
            return null;
        }
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
        return tenant;
    }

    /** {@code token-endpoint} when given, else the preset (Microsoft 365: with {@code tenant}). */
    private URI tokenEndpoint(OAuth2Provider provider, String tenant) {
        if (section.has("token-endpoint")) {
            return endpoint("token-endpoint");
        }
        if (provider.needsTenant()) {
            return tenant == null ? null : URI.create(String.format(provider.tokenEndpoint().orElseThrow(), tenant));
        }
        if (provider.tokenEndpoint().isEmpty()) {
            section.problem("token-endpoint", ConfigReader.MISSING, "expected the token endpoint's URL for provider "
                    + provider.wireName());
            return null;
        }
        return URI.create(provider.tokenEndpoint().get());
    }

    private URI endpoint(String key) {
        return section.webUrl(key, HTTPS_EXPECTED, true, false);
    }


    private void refuse(String key, String reason) {
        if (section.has(key)) {
            section.problem(key, section.show(key), reason);
        }
    }
}
