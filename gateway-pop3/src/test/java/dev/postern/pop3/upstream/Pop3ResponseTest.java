package dev.postern.pop3.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.upstream.UpstreamFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status indicators, response codes and CAPA lines as the upstream login reads them. */
class Pop3ResponseTest {

    @Test
    void shouldTellStatusIndicatorsFromContinuations() {
        assertThat(Pop3Response.isOk("+OK")).isTrue();
        assertThat(Pop3Response.isOk("+ok Logged in.")).isTrue();
        assertThat(Pop3Response.isOk("+OKAY")).isFalse();
        assertThat(Pop3Response.isOk("+ T0s=")).isFalse();
        assertThat(Pop3Response.isErr("-ERR")).isTrue();
        assertThat(Pop3Response.isErr("-ERR [AUTH] no")).isTrue();
        assertThat(Pop3Response.isErr("-ERROR")).isFalse();
        assertThat(Pop3Response.isContinuation("+")).isTrue();
        assertThat(Pop3Response.isContinuation("+ ")).isTrue();
        assertThat(Pop3Response.isContinuation("+ e30=")).isTrue();
        assertThat(Pop3Response.isContinuation("+OK")).isFalse();
        assertThat(Pop3Response.challenge("+ e30=")).isEqualTo("e30=");
        assertThat(Pop3Response.challenge("+")).isEmpty();
    }

    @Test
    void shouldReadTheResponseCodeOfAnErr() {
        assertThat(Pop3Response.code("-ERR [SYS/TEMP] Temporary failure")).isEqualTo("SYS/TEMP");
        assertThat(Pop3Response.code("-ERR [in-use] locked")).isEqualTo("IN-USE");
        assertThat(Pop3Response.code("-ERR [AUTH]")).isEqualTo("AUTH");
        assertThat(Pop3Response.code("-ERR invalid password [AUTH]")).isEmpty();
        assertThat(Pop3Response.code("-ERR [unterminated")).isEmpty();
        assertThat(Pop3Response.code("+OK [AUTH]")).isEmpty();
    }

    @Test
    void shouldKeepOnlyPrintableAsciiForLogs() {
        assertThat(Pop3Response.brief("-ERR \u001b[31mred\u0000")).isEqualTo("-ERR ?[31mred?");
        assertThat(Pop3Response.brief("x".repeat(500))).hasSize(200);
    }

    @Test
    void shouldCollectCapaLinesUpToTheDot() throws Exception {
        Pop3Capabilities.Reader reader = new Pop3Capabilities.Reader();
        assertThat(reader.add("USER")).isNull();
        assertThat(reader.add("sasl plain  LOGIN")).isNull();
        assertThat(reader.add("..hidden")).isNull();
        Pop3Capabilities capabilities = reader.add(".");

        assertThat(capabilities.lines()).containsExactly("USER", "sasl plain  LOGIN", ".hidden");
        assertThat(capabilities.has("user")).isTrue();
        assertThat(capabilities.has("STLS")).isFalse();
        assertThat(capabilities.saslMechanisms()).containsExactly("PLAIN", "LOGIN");
        assertThat(Pop3Capabilities.deserialise(capabilities.serialise())).isEqualTo(capabilities);
        assertThat(Pop3Capabilities.deserialise("")).isEqualTo(Pop3Capabilities.NONE);
    }

    @Test
    void shouldRefuseAnEndlessCapaResponse() throws Exception {
        Pop3Capabilities.Reader reader = new Pop3Capabilities.Reader();
        for (int i = 0; i < 200; i++) {
            reader.add("X-" + i);
        }
        assertThatThrownBy(() -> reader.add("X-200")).isInstanceOf(UpstreamFailure.class)
                .hasMessageContaining("more than 200 lines");
    }

    @Test
    void shouldHaveNoMechanismsWithoutASaslLine() {
        assertThat(new Pop3Capabilities(List.of("USER", "UIDL")).saslMechanisms()).isEmpty();
    }
}
