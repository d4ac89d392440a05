package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppPasswordFormatTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void shouldCarryAtLeast128BitsOfEntropy() {
        assertThat(AppPasswordFormat.ENTROPY_BITS).isGreaterThanOrEqualTo(128);
        assertThat(AppPasswordFormat.generateCanonical(random)).hasSize(AppPasswordFormat.SECRET_CHARS)
                .matches("[0-9A-HJKMNP-TV-Z]+");
    }

    @Test
    void shouldShowGroupsOfFourInLowerCase() {
        String shown = AppPasswordFormat.display("0123456789ABCDEFGHJKMNPQRSTV");
        assertThat(shown).isEqualTo("0123-4567-89ab-cdef-ghjk-mnpq-rstv");
    }

    @Test
    void shouldIgnoreSpacesDashesCaseAndLookAlikesOnInput() {
        String canonical = AppPasswordFormat.generateCanonical(random);
        String shown = AppPasswordFormat.display(canonical);
        assertThat(AppPasswordFormat.canonicalOrAsTyped(shown)).isEqualTo(canonical);
        assertThat(AppPasswordFormat.canonicalOrAsTyped(shown.toUpperCase().replace('-', ' '))).isEqualTo(canonical);
        assertThat(AppPasswordFormat.canonicalOrAsTyped(shown.replace("-", ""))).isEqualTo(canonical);
        assertThat(AppPasswordFormat.canonicalOrAsTyped("o1il-0000-0000-0000-0000-0000-0000"))
                .isEqualTo("0111000000000000000000000000");
    }

    @Test
    void shouldLeaveOtherPasswordsAsTyped() {
        assertThat(AppPasswordFormat.canonicalOrAsTyped("Legacy-Pass word!")).isEqualTo("Legacy-Pass word!");
        assertThat(AppPasswordFormat.canonicalOrAsTyped("abcd-efgh")).isEqualTo("abcd-efgh");
        String tooLong = AppPasswordFormat.display(AppPasswordFormat.generateCanonical(random)) + "-abcd";
        assertThat(AppPasswordFormat.canonicalOrAsTyped(tooLong)).isEqualTo(tooLong);
        assertThat(AppPasswordFormat.canonicalOrAsTyped("uuuu-uuuu-uuuu-uuuu-uuuu-uuuu-uuuu"))
                .isEqualTo("uuuu-uuuu-uuuu-uuuu-uuuu-uuuu-uuuu");
    }

    @Test
    void shouldGenerateDistinctShortIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(AppPasswordFormat.generateId(random));
        }
        assertThat(ids).hasSize(1000).allMatch(id -> id.matches("[0-9a-hjkmnp-tv-z]{8}"));
    }
}
