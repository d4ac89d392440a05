package dev.postern.core.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How Postern logs in to the upstream server once a client's app password was accepted.
 *
 * @param masterUser     the gateway's master account ({@link Mode#MASTER_USER}), otherwise null
 * @param masterPassword its password ({@link Mode#MASTER_USER}), otherwise null
 * @param keyFile        the AES key file for stored upstream passwords ({@link Mode#STORED_CREDENTIAL}), otherwise null
 */
public record UpstreamAuthConfig(Mode mode, String masterUser, Secret masterPassword, Path keyFile) {

    /** The login modes. {@code xoauth2} is reserved for later. */
    public enum Mode {
        /** SASL PLAIN with authzid = the user and authcid = a master account. */
        MASTER_USER,
        /** A per-user upstream password kept encrypted with a key from a file. */
        STORED_CREDENTIAL;

        /** The name used in the configuration: {@code master-user}, {@code stored-credential}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final String SECTION = "upstream-auth";
    static final String[] KEYS = {"mode", "master-user", "master-password-file", "master-password-env", "key-file"};

    public UpstreamAuthConfig {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.MASTER_USER) {
            Objects.requireNonNull(masterUser, "masterUser");
            Objects.requireNonNull(masterPassword, "masterPassword");
        } else {
            Objects.requireNonNull(keyFile, "keyFile");
        }
    }

    public static UpstreamAuthConfig masterUser(String user, Secret password) {
        return new UpstreamAuthConfig(Mode.MASTER_USER, user, password, null);
    }

    public static UpstreamAuthConfig storedCredential(Path keyFile) {
        return new UpstreamAuthConfig(Mode.STORED_CREDENTIAL, null, null, keyFile);
    }
}
