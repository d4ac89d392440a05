package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginRequestTest {

    @Test
    void shouldNameTheMechanismAndLeaveTheAuthzidEmptyForLogin() {
        assertThat(LoginRequest.login("bob", "pw")).isEqualTo(new LoginRequest("bob", "pw", "", LoginRequest.LOGIN));
        assertThat(LoginRequest.plain("boss", "bob", "pw")).isEqualTo(new LoginRequest("bob", "pw", "boss", LoginRequest.PLAIN));
    }

    @Test
    void shouldHideThePasswordAndEscapeNamesInToString() {
        String text = LoginRequest.plain("boss\r\n", "bob", "hunter2").toString();

        assertThat(text).contains("plain", "bob", "boss\\x0d\\x0a").doesNotContain("hunter2").doesNotContain("\r");
    }
}
