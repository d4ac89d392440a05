package dev.postern.core.auth.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Argon2ParamsTest {

    @Test
    void shouldAcceptTheOwaspMinimumAndRaisedValues() {
        assertThat(Argon2Params.DEFAULT).isEqualTo(new Argon2Params(19456, 2, 1));
        assertThat(Argon2Params.DEFAULT.problemsAsConfig("auth.argon2")).isEmpty();
        assertThat(new Argon2Params(65536, 3, 4).problemsAsConfig("auth.argon2")).isEmpty();
        assertThat(new Argon2Params(Argon2Params.MAX_MEMORY_KIB, Argon2Params.MAX_ITERATIONS,
            Argon2Params.MAX_PARALLELISM).problemsAsConfig("auth.argon2")).isEmpty();
    }

    @Test
    void shouldRefuseEachParameterBelowTheMinimum() {
        assertThat(new Argon2Params(4096, 2, 1).problemsAsConfig("auth.argon2"))
            .containsExactly("auth.argon2.memory-kib: 4096 (expected: at least 19456; parameters may only be raised)");
        assertThat(new Argon2Params(19456, 1, 1).problemsAsConfig("auth.argon2"))
            .containsExactly("auth.argon2.iterations: 1 (expected: at least 2; parameters may only be raised)");
        assertThat(new Argon2Params(19456, 2, 0).problemsAsConfig("auth.argon2"))
            .containsExactly("auth.argon2.parallelism: 0 (expected: at least 1; parameters may only be raised)");
    }

    @Test
    void shouldRefuseAbsurdValues() {
        assertThat(new Argon2Params(Argon2Params.MAX_MEMORY_KIB + 1, 101, 65).problemsAsConfig("hash"))
            .containsExactly(
                "hash.memory-kib: 1048577 (expected: at most 1048576)",
                "hash.iterations: 101 (expected: at most 100)",
                "hash.parallelism: 65 (expected: at most 64)");
    }

    @Test
    void shouldListEveryProblemWhenRequiredValid() {
        assertThatThrownBy(() -> new Argon2Params(-1, 0, 1).requireValid("auth.argon2"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("auth.argon2.memory-kib: -1 (expected: at least 19456; parameters may only be raised); "
                + "auth.argon2.iterations: 0 (expected: at least 2; parameters may only be raised)");
    }
}
