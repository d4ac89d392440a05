package dev.postern.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void shouldReadAndWriteImapReadByItsWireName() {
        Set<Scope> scopes = Scope.parseList("IMAP-read, smtp");

        assertThat(scopes).containsExactlyInAnyOrder(Scope.IMAP_READ, Scope.SMTP);
        assertThat(Scope.format(scopes)).isEqualTo("imap-read,smtp");
    }

    @Test
    void shouldLetImapReadLogInWhereImapIsNeeded() {
        assertThat(Scope.anyGrants(EnumSet.of(Scope.IMAP_READ), Scope.IMAP)).isTrue();
        assertThat(Scope.anyGrants(EnumSet.of(Scope.IMAP), Scope.IMAP)).isTrue();
        assertThat(Scope.anyGrants(EnumSet.of(Scope.IMAP_READ, Scope.SMTP), Scope.POP3)).isFalse();
        assertThat(Scope.anyGrants(EnumSet.of(Scope.IMAP), Scope.IMAP_READ)).isFalse();
    }

    @Test
    void shouldRefuseImapTogetherWithImapRead() {
        assertThatThrownBy(() -> Scope.requireValid(EnumSet.of(Scope.IMAP, Scope.IMAP_READ)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scopes imap and imap-read exclude each other");
        assertThatThrownBy(() -> Scope.requireValid(EnumSet.noneOf(Scope.class)))
                .hasMessageContaining("expected one or more of: imap, imap-read, smtp, pop3");
    }

    @Test
    void shouldNameTheValidScopesForAnUnknownOne() {
        assertThatThrownBy(() -> Scope.parse("imap-write"))
                .hasMessage("unknown scope \"imap-write\" (expected: imap, imap-read, smtp, pop3)");
    }
}
