package dev.postern.imap.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.store.Scope;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadOnlyRestrictionTest {

    @Test
    void shouldRestrictOnlyImapReadAppPasswords() {
        assertThat(ReadOnlyRestriction.BY_SCOPE.forLogin(login(EnumSet.of(Scope.IMAP_READ, Scope.SMTP)))).isPresent();
        assertThat(ReadOnlyRestriction.BY_SCOPE.forLogin(login(EnumSet.of(Scope.IMAP, Scope.SMTP)))).isEmpty();
    }

    private static AuthResult.Success login(Set<Scope> scopes) {
        return new AuthResult.Success("alice@example.com", "id1", scopes);
    }

    @Test
    void shouldNotAnnounceCompressionOrNonSynchronizingLiterals() {
        String announced = new ReadOnlyRestriction().capabilities(
                "IMAP4rev1 LITERAL+ SASL-IR COMPRESS=DEFLATE IDLE literal- MOVE");

        assertThat(announced).isEqualTo("IMAP4rev1 SASL-IR IDLE MOVE");
    }
}
