package dev.postern.core.store.sqlite;

import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import java.time.Instant;
import java.util.EnumSet;

/** Small builders shared by the store tests. */
final class StoreFixtures {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

    private StoreFixtures() {
    }

    static AppPasswordRecord appPassword(String id, String user, String label, Instant createdAt) {
        return new AppPasswordRecord(id, user, label, EnumSet.of(Scope.IMAP, Scope.SMTP), HASH, null, createdAt,
                null, null, null, null);
    }
}
