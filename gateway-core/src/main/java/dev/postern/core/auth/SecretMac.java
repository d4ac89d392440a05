package dev.postern.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 of (user, secret) under a key drawn at random when the process starts and never
 * stored: what the hot cache remembers instead of a secret. Useless outside this process.
 */
final class SecretMac {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    SecretMac() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        key = new SecretKeySpec(bytes, "HmacSHA256");
        macs = ThreadLocal.withInitial(this::newMac);
    }

    byte[] of(String user, byte[] secret) {
        Mac mac = macs.get();
        mac.update(user.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(secret);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
