package dev.postern.core.auth.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashesTest {

    private static final Pattern ARGON2ID_DEFAULT =
        Pattern.compile("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");
    private static final byte[] SECRET = "k7mq2-x9vtp-4hzwd-rc8ne-j3yfb".getBytes(US_ASCII);

    private final PasswordHashes hashes = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());

    @Test
    void shouldHashAsArgon2idPhcStringAtTheConfiguredParameters() {
        // when
        String encoded = hashes.hash(SECRET);

        // then 16-byte salt and 32-byte tag, unpadded base64
        assertThat(encoded).matches(ARGON2ID_DEFAULT);
        assertThat(hashes.scheme(encoded)).isEqualTo("argon2id");
        assertThat(hashes.verify(SECRET, encoded)).isTrue();
    }

    @Test
    void shouldRefuseAWrongSecret() {
        String encoded = hashes.hash(SECRET);
        byte[] wrong = SECRET.clone();
        wrong[wrong.length - 1] ^= 1;

        assertThat(hashes.verify(wrong, encoded)).isFalse();
        assertThat(hashes.verify(new byte[0], encoded)).isFalse();
    }

    @Test
    void shouldUseAFreshSaltForEveryHash() {
        Matcher first = ARGON2ID_DEFAULT.matcher(hashes.hash(SECRET));
        Matcher second = ARGON2ID_DEFAULT.matcher(hashes.hash(SECRET));

        assertThat(first.matches()).isTrue();
        assertThat(second.matches()).isTrue();
        assertThat(first.group(1)).isNotEqualTo(second.group(1));
        assertThat(first.group(2)).isNotEqualTo(second.group(2));
    }

    @Test
    void shouldEncodeRaisedParametersAndVerifyWithThem() {
        // given
        PasswordHashes raised = new PasswordHashes(new Argon2Params(20480, 3, 2), null, new SecureRandom());

        // when
        String encoded = raised.hash(SECRET);

        // then a facade with default parameters verifies it with the parameters in the string
        assertThat(encoded).startsWith("$argon2id$v=19$m=20480,t=3,p=2$");
        assertThat(hashes.verify(SECRET, encoded)).isTrue();
    }

    @Test
    void shouldRefuseParametersBelowTheMinimum() {
        assertThatThrownBy(() -> new PasswordHashes(new Argon2Params(4096, 2, 1), null, new SecureRandom()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("auth.argon2.memory-kib: 4096 (expected: at least 19456; parameters may only be raised)");
    }

    @Test
    void shouldRefuseAnOverlongSecretWithoutEchoingIt() {
        byte[] overlong = new byte[PasswordHashes.MAX_SECRET_BYTES + 1];
        Arrays.fill(overlong, (byte) 'S');

        assertThatThrownBy(() -> hashes.hash(overlong))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("secret: 1025 bytes (expected: at most 1024)")
            .message().doesNotContain("SSSS");
    }

    @Test
    void shouldAcceptASecretOfTheMaximumLength() {
        byte[] longest = new byte[PasswordHashes.MAX_SECRET_BYTES];
        Arrays.fill(longest, (byte) 'S');

        assertThat(hashes.verify(longest, hashes.hash(longest))).isTrue();
    }

    @Test
    void shouldNeverMatchAnOverlongSecret() {
        byte[] longest = new byte[PasswordHashes.MAX_SECRET_BYTES];
        String encoded = hashes.hash(longest);

        assertThat(hashes.verify(new byte[PasswordHashes.MAX_SECRET_BYTES + 1], encoded)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hunter2", "$md5$rounds=5000$salt$hash", "$argon2$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
        "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "$2x$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm",
        "argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E"})
    void shouldRefuseUnknownFormatsWithoutEchoingThem(String encoded) {
        assertThatThrownBy(() -> hashes.requireSupported(encoded))
            .isInstanceOf(UnsupportedHashException.class)
            .hasMessageStartingWith("unknown hash format (expected one of: $argon2id$")
            .message().doesNotContain(encoded.isEmpty() ? "\u0000" : encoded);
        assertThatThrownBy(() -> hashes.verify(SECRET, encoded)).isInstanceOf(UnsupportedHashException.class);
        assertThatThrownBy(() -> hashes.scheme(encoded)).isInstanceOf(UnsupportedHashException.class);
    }

    @Test
    void shouldAcceptItsOwnHashesAsSupported() {
        String encoded = hashes.hash(SECRET);

        hashes.requireSupported(encoded);
        hashes.requireSupported(hashes.dummyHash());
    }

    @Test
    void shouldComputeTheDummyHashOnceWithTheConfiguredParameters() {
        String dummy = hashes.dummyHash();

        assertThat(dummy).matches(ARGON2ID_DEFAULT);
        assertThat(hashes.dummyHash()).isSameAs(dummy);
        assertThat(hashes.verify(SECRET, dummy)).isFalse();
    }

    @Test
    void shouldGiveEveryThreadTheSameDummyHash() throws Exception {
        // given
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            calls.add(() -> {
                start.await();
                return hashes.dummyHash();
            });
        }
        try {
            // when
            List<Future<String>> results = new ArrayList<>();
            for (Callable<String> call : calls) {
                results.add(pool.submit(call));
            }
            start.countDown();

            // then
            String first = results.get(0).get();
            for (Future<String> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNameNoSecretInToString() {
        byte[] pepper = new byte[32];
        Arrays.fill(pepper, (byte) 'P');
        PasswordHashes peppered = new PasswordHashes(Argon2Params.DEFAULT, pepper, new SecureRandom());

        assertThat(peppered.toString())
            .isEqualTo("PasswordHashes[Argon2Params[memoryKib=19456, iterations=2, parallelism=1], pepper=set]");
    }
}
