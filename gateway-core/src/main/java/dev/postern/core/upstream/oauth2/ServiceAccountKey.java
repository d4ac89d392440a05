package dev.postern.core.upstream.oauth2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.tls.PemFiles;
import dev.postern.core.tls.TlsMaterialException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

/**
 * A Google service-account key file (JSON: {@code type} {@code service_account},
 * {@code client_email}, {@code private_key_id}, {@code private_key} as PKCS#8 PEM). The key signs
 * the JWT-bearer assertions; {@link #toString()} never shows it.
 */
record ServiceAccountKey(String clientEmail, String keyId, RSAPrivateKey privateKey) {

    static final String KEY = "service-account-key-file";
    private static final long MAX_BYTES = 64 * 1024;

    ServiceAccountKey {
        Objects.requireNonNull(clientEmail, "clientEmail");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Reads and checks a key file.
     *
     * @throws IllegalArgumentException naming the key, the file and what is wrong (never the key)
     */
    static ServiceAccountKey read(Path file) {
        JsonNode json;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw problem(file, "larger than " + MAX_BYTES + " bytes (expected a service-account key file)");
            }
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            // Jackson's message may quote the content near the error: name only the position.
            throw problem(file, "not readable as JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (json == null || !json.isObject() || !"service_account".equals(text(json, "type"))) {
            throw problem(file, "not a service-account key (expected JSON with \"type\": \"service_account\";"
                    + " create one under IAM > Service accounts > Keys > Add key > JSON)");
        }
        String email = text(json, "client_email");
        String pem = text(json, "private_key");
        if (email == null || email.isBlank() || pem == null) {
            throw problem(file, "expected client_email and private_key");
        }
        PrivateKey key;
        try {
            key = PemFiles.parsePrivateKey(pem, file + " private_key");
        } catch (TlsMaterialException e) {
            throw new IllegalArgumentException(KEY + ": " + e.getMessage(), e);
        }
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw problem(file, "private_key is a " + key.getAlgorithm() + " key (expected RSA)");
        }
        return new ServiceAccountKey(email, text(json, "private_key_id"), rsa);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static IllegalArgumentException problem(Path file, String what) {
        return new IllegalArgumentException(KEY + ": " + file + ": " + what);
    }

    @Override
    public String toString() {
        return "ServiceAccountKey[" + clientEmail + ", key " + keyId + "]";
    }
}
