package dev.postern.core.config;

import java.nio.file.Path;
import java.util.Map;

/** Reads the {@code upstream-auth} section, including the master password from a file or the environment. */
final class UpstreamAuthBinder {

    static final String FILE_KEY = "master-password-file";
    static final String KEY_FILE = "key-file";
    static final String KEY_FILE_FOR_REFRESH_TOKENS = "expected the file with the AES key that seals the users' refresh"
            + " tokens (required with oauth2.grant refresh-token; create it once with: head -c 32 /dev/urandom | base64"
            + " > FILE, readable by Postern only)";
    static final String KEY_FILE_ONLY = "used only in stored-credential mode, or in oauth2 mode with grant refresh-token";
    static final String ENV_KEY = "master-password-env";

    private final ConfigReader section;
    private final Map<String, String> env;

    private UpstreamAuthBinder(ConfigReader section, Map<String, String> env) {
        this.section = section;
        this.env = env;
    }

    /** Binds a present section; null when something in it is wrong (reported). */
    static UpstreamAuthConfig bind(ConfigReader section, Map<String, String> env) {
        return new UpstreamAuthBinder(section, env).bind();
    }

    private UpstreamAuthConfig bind() {
        int mark = section.problems().count();
        UpstreamAuthConfig.Mode mode = mode();
        UpstreamAuthConfig config = null;
        if (mode == UpstreamAuthConfig.Mode.MASTER_USER) {
            String user = section.requiredText("master-user", "expected the name of the upstream master account");
            Secret password = masterPassword();
            refuse(KEY_FILE, KEY_FILE_ONLY);
            refuseOutsideMode(OAuth2Config.SECTION, UpstreamAuthConfig.Mode.OAUTH2);
            config = user == null || password == null ? null : UpstreamAuthConfig.masterUser(user, password);
        } else if (mode == UpstreamAuthConfig.Mode.STORED_CREDENTIAL) {
            Path keyFile = section.readableFile("key-file", true);
            refuseOutsideMode("master-user", UpstreamAuthConfig.Mode.MASTER_USER);
            refuseOutsideMode(FILE_KEY, UpstreamAuthConfig.Mode.MASTER_USER);
            refuseOutsideMode(ENV_KEY, UpstreamAuthConfig.Mode.MASTER_USER);
            refuseOutsideMode(OAuth2Config.SECTION, UpstreamAuthConfig.Mode.OAUTH2);
            config = keyFile == null ? null : UpstreamAuthConfig.storedCredential(keyFile);
        } else if (mode == UpstreamAuthConfig.Mode.OAUTH2) {
            for (String key : new String[] {"master-user", FILE_KEY, ENV_KEY}) {
                refuseOutsideMode(key, UpstreamAuthConfig.Mode.MASTER_USER);
            }
            ConfigReader oauth2 = section.requiredSection(OAuth2Config.SECTION, OAuth2Config.KEYS);
            OAuth2Config bound = oauth2.isPresent() ? OAuth2Binder.bind(oauth2) : null;
            Path keyFile = null;
            if (oauth2.isPresent() && OAuth2Binder.asksForRefreshToken(oauth2)) {
                if (section.has(KEY_FILE)) {
                    keyFile = section.readableFile(KEY_FILE, true);
                } else {
                    section.problem(KEY_FILE, ConfigReader.MISSING, KEY_FILE_FOR_REFRESH_TOKENS);
                }
            } else {
                refuse(KEY_FILE, KEY_FILE_ONLY);
            }
            config = bound == null ? null
                    : bound.perUserConsent() ? (keyFile == null ? null : UpstreamAuthConfig.oauth2(bound, keyFile))
                    : UpstreamAuthConfig.oauth2(bound);
        }
        return section.problems().count() > mark ? null : config;
    }

    private UpstreamAuthConfig.Mode mode() {
        return section.choice("mode", UpstreamAuthConfig.Mode.values(), UpstreamAuthConfig.Mode::wireName, null);
    }

    private Secret masterPassword() {
        boolean fromFile = section.has(FILE_KEY);
        boolean fromEnv = section.has(ENV_KEY);
        if (fromFile && fromEnv) {
            section.problem(ENV_KEY, section.show(ENV_KEY), "expected only one of " + FILE_KEY + ", " + ENV_KEY);
            return null;
        }
        if (fromEnv) {
            return passwordFromEnv();
        }
        if (!fromFile) {
            section.problem(FILE_KEY, ConfigReader.MISSING,
                    "expected " + FILE_KEY + " or " + ENV_KEY + " in master-user mode");
            return null;
        }
        return passwordFromFile();
    }

    private Secret passwordFromFile() {
        return section.secretFile(FILE_KEY, true, "a non-empty password");
    }

    private Secret passwordFromEnv() {
        String name = section.requiredText(ENV_KEY, "expected the name of an environment variable");
        if (name == null) {
            return null;
        }
        String password = env.get(name);
        if (password == null || password.isEmpty()) {
            section.problem(ENV_KEY, name, "expected the name of a set, non-empty environment variable");
            return null;
        }
        return new Secret(password);
    }

    private void refuseOutsideMode(String key, UpstreamAuthConfig.Mode onlyIn) {
        refuse(key, "used only in " + onlyIn.wireName() + " mode");
    }

    private void refuse(String key, String reason) {
        if (section.has(key)) {
            section.problem(key, section.show(key), reason);
        }
    }
}
