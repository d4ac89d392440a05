package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void shouldHideItsValueFromToStringButRevealItOnRequest() {
        Secret secret = new Secret("hunter2");

        assertThat(secret).hasToString("****");
        assertThat(secret.reveal()).isEqualTo("hunter2");
    }

    @Test
    void shouldCompareByValue() {
        assertThat(new Secret("a")).isEqualTo(new Secret("a")).isNotEqualTo(new Secret("b"));
    }
}
