package dev.postern.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNamesTest {

    @Test
    void shouldTrimAndLowerCaseTheWholeName() {
        assertThat(UserNames.normalise("  Alice.Smith@Example.COM \t")).contains("alice.smith@example.com");
    }

    @Test
    void shouldGiveOneKeyForNamesThatDifferOnlyInCase() {
        assertThat(UserNames.normalise("Carol@example.test")).isEqualTo(UserNames.normalise("carol@EXAMPLE.test"))
                .contains("carol@example.test");
        assertThat(UserNames.normalise("\u00c9LODIE@example.test")).contains("\u00e9lodie@example.test");
    }

    @Test
    void shouldFoldTheSameWayWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "I".toLowerCase() is a dotless i
            assertThat(UserNames.normalise("IAN@EXAMPLE.TEST")).contains("ian@example.test");
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice@Example.TEST", "\u0130stanbul@example.test", "J\u00d6RG@example.test",
            "\u039f\u0394\u039f\u03a3@example.test", "Printer01"})
    void shouldGiveALowerCaseNfcNameThatNormalisesToItself(String raw) {
        String once = UserNames.normalise(raw).orElseThrow();
        assertThat(once).isEqualTo(once.toLowerCase(Locale.ROOT));
        assertThat(UserNames.normalise(once)).contains(once);
        assertThat(once).isEqualTo(java.text.Normalizer.normalize(once, java.text.Normalizer.Form.NFC));
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
        assertThat(UserNames.normalise("Printer01")).contains("printer01");
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
    void shouldMeasureTheLengthOfTheFoldedName() {
        // U+0130 (2 octets) lower-cases to i + U+0307 (3 octets): the folded name is the one stored and sent
        String local = "\u0130".repeat(100);
        assertThat(UserNames.normalise(local + "@x.org")).isEmpty();
    }

    @Test
    void shouldExplainARefusedNameWithoutRawControlCharacters() {
        assertThatThrownBy(() -> UserNames.require("bad\u0000name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad\\x00name")
                .hasMessageNotContaining("\u0000");
    }

    @Test
    void shouldEscapeTerminalControlsAndBidiOverridesWhenShowingAnUntrustedName() {
        // ESC and the C1 CSI start terminal sequences; U+202E reverses what follows; U+2028 breaks the line
        assertThat(UserNames.printable("a\u001b[2Jb\u009b31mc\u202ed\u2028e\u00e9"))
                .isEqualTo("a\\x1b[2Jb\\x9b31mc\\u202ed\\u2028e\u00e9");
    }
}
