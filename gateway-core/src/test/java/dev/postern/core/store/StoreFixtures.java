package dev.postern.core.store;

import java.time.Instant;
import java.util.EnumSet;

/** Small builders shared by the store tests of every backend. */
public final class StoreFixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    public static final String ALICE = "alice@example.com";
    public static final String BOB = "bob@example.com";
    public static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

    private StoreFixtures() {
    }

    public static AppPasswordRecord appPassword(String id, String user, String label, Instant createdAt) {
        return new AppPasswordRecord(id, user, label, EnumSet.of(Scope.IMAP, Scope.SMTP), HASH, null, createdAt,
                null, null, null, null);
    }
}
