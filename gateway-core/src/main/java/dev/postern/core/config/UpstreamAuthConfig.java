package dev.postern.core.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How Postern logs in to the upstream server once a client's app password was accepted.
 *
 * @param masterUser     the gateway's master account ({@link Mode#MASTER_USER}), otherwise null
 * @param masterPassword its password ({@link Mode#MASTER_USER}), otherwise null
 * @param keyFile        the AES key file that seals stored upstream passwords ({@link Mode#STORED_CREDENTIAL}) or the
 *                       users' refresh tokens ({@link Mode#OAUTH2} with the refresh-token grant), otherwise null
 * @param oauth2         how bearer tokens are obtained ({@link Mode#OAUTH2}), otherwise null
 */
public record UpstreamAuthConfig(Mode mode, String masterUser, Secret masterPassword, Path keyFile,
                                 OAuth2Config oauth2) {

    /** The login modes. */
    public enum Mode {
        /** SASL PLAIN with authzid = the user and authcid = a master account. */
        MASTER_USER,
        /** A per-user upstream password kept encrypted with a key from a file. */
        STORED_CREDENTIAL,
        /** A bearer token from an OAuth2 token endpoint, by XOAUTH2 or OAUTHBEARER. */
        OAUTH2;

        /** The name used in the configuration: {@code master-user}, {@code stored-credential}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final String SECTION = "upstream-auth";
    static final String[] KEYS = {"mode", "master-user", "master-password-file", "master-password-env", "key-file",
            OAuth2Config.SECTION};

    public UpstreamAuthConfig {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.MASTER_USER) {
            Objects.requireNonNull(masterUser, "masterUser");
            Objects.requireNonNull(masterPassword, "masterPassword");
        } else if (mode == Mode.STORED_CREDENTIAL) {
            Objects.requireNonNull(keyFile, "keyFile");
        } else {
            Objects.requireNonNull(oauth2, "oauth2");
            if (oauth2.perUserConsent() != (keyFile != null)) {
                throw new IllegalArgumentException("keyFile: expected with grant refresh-token only");
            }
        }
    }

    public static UpstreamAuthConfig masterUser(String user, Secret password) {
        return new UpstreamAuthConfig(Mode.MASTER_USER, user, password, null, null);
    }

    public static UpstreamAuthConfig storedCredential(Path keyFile) {
        return new UpstreamAuthConfig(Mode.STORED_CREDENTIAL, null, null, keyFile, null);
    }

    public static UpstreamAuthConfig oauth2(OAuth2Config oauth2) {
        return new UpstreamAuthConfig(Mode.OAUTH2, null, null, null, oauth2);
    }

    /** {@code oauth2} mode with the refresh-token grant: the users' refresh tokens are sealed under {@code keyFile}. */
    public static UpstreamAuthConfig oauth2(OAuth2Config oauth2, Path keyFile) {
        return new UpstreamAuthConfig(Mode.OAUTH2, null, null, keyFile, oauth2);
    }
}
