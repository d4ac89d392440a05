package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LookupTagTest {

    private static final String SECRET = "ABCDEFGHJKMNPQRSTVWXYZ012345";

    @Test
    void shouldBeTheFirstFourBytesOfSha256OverThePrefixAndTheCanonicalSecret() {
        // python3: hashlib.sha256(b'postern app password lookup tag v1\0' + SECRET).hexdigest()[:8]
        assertThat(LookupTag.of(SECRET.getBytes(StandardCharsets.UTF_8))).isEqualTo("14ba3350");
    }

    @Test
    void shouldTagAPresentedSecretOnlyWhenItIsAGeneratedOne() {
        assertThat(LookupTag.ofPresented(SECRET)).isEqualTo(LookupTag.of(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(LookupTag.ofPresented("correct horse battery staple")).isNull();
        assertThat(LookupTag.ofPresented(SECRET.toLowerCase())).as("callers pass the canonical form").isNull();
        assertThat(LookupTag.ofPresented(SECRET.substring(1))).isNull();
    }
}
