package dev.postern.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealingKeyFileTest {
    private static final String ALICE = "alice@example.com";
    private static final byte[] PASSWORD = "upstream-Secret-42".getBytes(StandardCharsets.UTF_8);

    static {
        dev.postern.core.testing.TestSecrets.register("upstream-Secret-42");
    }
    private static final String EXPECTED = "expected: 32 raw bytes, or their base64 encoding in 44 characters";

    @TempDir
    Path dir;

    @Test
    void shouldReadARawKey() throws Exception {
        byte[] key = SecretSealerTest.key(3);
        Path file = Files.write(dir.resolve("raw.key"), key);

        SecretSealer fromFile = SecretSealer.fromKeyFile(file);

        assertOpensEachOther(fromFile, SecretSealer.ofKey(key, new SecureRandom()));
    }

    @Test
    void shouldReadABase64KeyWithSurroundingWhitespace() throws Exception {
        byte[] key = SecretSealerTest.key(4);
        Path file = Files.writeString(dir.resolve("b64.key"), "  " + Base64.getEncoder().encodeToString(key) + "\r\n\n");

        SecretSealer fromFile = SecretSealer.fromKeyFile(file);

        assertOpensEachOther(fromFile, SecretSealer.ofKey(key, new SecureRandom()));
    }

    @Test
    void shouldCreateAnOwnerOnlyBase64KeyThatReadsBack() throws Exception {
        Path file = dir.resolve("postern.key");

        SecretSealer.createKeyFile(file, new SecureRandom());

        assertThat(Files.readString(file).strip()).hasSize(44);
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        SecretSealer sealer = SecretSealer.fromKeyFile(file);
        assertThat(sealer.open(sealer.seal(PASSWORD, ALICE), ALICE)).isEqualTo(PASSWORD);
    }

    @Test
    void shouldRefuseToOverwriteAKeyFile() throws Exception {
        Path file = dir.resolve("postern.key");
        SecretSealer.createKeyFile(file, new SecureRandom());
        String before = Files.readString(file);

        assertThatThrownBy(() -> SecretSealer.createKeyFile(file, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": already exists; refusing to overwrite a sealing key (passwords sealed with it"
                        + " could no longer be opened)");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void shouldRefuseTextThatIsNotAKeyWithoutEchoingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("wrong.key"), "correct horse battery staple\n");

        assertThatThrownBy(() -> SecretSealer.fromKeyFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": not a sealing key (29 bytes; " + EXPECTED + ")")
                .hasMessageNotContaining("horse");
    }

    @Test
    void shouldRefuseBase64OfTheWrongLength() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        Path file = Files.writeString(dir.resolve("short.key"), shortKey);

        assertThatThrownBy(() -> SecretSealer.fromKeyFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": not a sealing key (24 bytes; " + EXPECTED + ")")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void shouldRefuse44CharactersThatAreNotBase64WithoutEchoingThem() throws Exception {
        String text = "this-is-not-base64-but-has-44-characters!!!";
        Path file = Files.writeString(dir.resolve("bad.key"), text + "=");

        assertThatThrownBy(() -> SecretSealer.fromKeyFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": not a sealing key (44 bytes; " + EXPECTED + ")")
                .hasMessageNotContaining("this-is-not");
    }

    @Test
    void shouldNameAMissingKeyFile() {
        Path file = dir.resolve("missing.key");

        assertThatThrownBy(() -> SecretSealer.fromKeyFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": no such file (" + EXPECTED + ")");
    }

    @Test
    void shouldRefuseALargeFileWithoutReadingIt() throws Exception {
        Path file = Files.write(dir.resolve("large.key"), new byte[10_000]);

        assertThatThrownBy(() -> SecretSealer.fromKeyFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": not a sealing key (10000 bytes; " + EXPECTED + ")");
    }

    private static void assertOpensEachOther(SecretSealer one, SecretSealer other) {
        assertThat(other.open(one.seal(PASSWORD, ALICE), ALICE)).isEqualTo(PASSWORD);
        assertThat(one.open(other.seal(PASSWORD, ALICE), ALICE)).isEqualTo(PASSWORD);
    }
}
