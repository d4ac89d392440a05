package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNamesTest {

    @Test
    void shouldTrimAndLowerCaseOnlyTheDomain() {
        assertThat(UserNames.normalise("  Alice.Smith@Example.COM \t")).contains("Alice.Smith@example.com");
    }

    @Test
    void shouldGiveOneKeyForTwoUnicodeSpellings() {
        String composed = "jos\u00e9@example.com";
        String decomposed = "jose\u0301@example.com";
        assertThat(UserNames.normalise(decomposed)).contains(composed);
        assertThat(UserNames.normalise(composed)).isEqualTo(UserNames.normalise(decomposed));
    }

    @Test
    void shouldCaseFoldTheDomainAfterTheLastAt() {
        assertThat(UserNames.normalise("\"odd@local\"@EXAMPLE.org")).isEmpty();
        assertThat(UserNames.normalise("a@b@EXAMPLE.org")).contains("a@b@example.org");
    }

    @Test
    void shouldKeepNamesWithoutDomain() {
        assertThat(UserNames.normalise("Printer01")).contains("Printer01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "al ice@example.com", "alice\u0000@example.com", "alice\r\n@example.com",
            "alice*master@example.com", "ali\\ce@example.com", "al\"ice@example.com", "alice\ufffd@example.com",
            "alice\u200b@example.com", "alice\u007f@example.com"})
    void shouldRefuseNamesThatCannotBeALogin(String raw) {
        assertThat(UserNames.normalise(raw)).isEmpty();
    }

    @Test
    void shouldRefuseOverlongNames() {
        String local = "a".repeat(UserNames.MAX_OCTETS - "@x.org".length());
        assertThat(UserNames.normalise(local + "@x.org")).isPresent();
        assertThat(UserNames.normalise(local + "b@x.org")).isEmpty();
    }

    @Test
    void shouldExplainARefusedNameWithoutRawControlCharacters() {
        assertThatThrownBy(() -> UserNames.require("bad\u0000name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad\\x00name")
                .hasMessageNotContaining("\u0000");
    }
}
