package dev.postern.pop3.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What CAPA lists, from the listener's state and the upstream's lines, however odd those are. */
class Pop3CapabilitiesTest {

    @Test
    void shouldListOwnLoginStlsAndRelayedLinesInAFixedOrder() {
        List<String> upstream = List.of("LOGIN-DELAY 900", "PIPELINING", "UIDL", "TOP");

        assertThat(Pop3Capabilities.list(upstream, true, false))
                .containsExactly("USER", "SASL PLAIN LOGIN", "TOP", "UIDL", "PIPELINING", "LOGIN-DELAY 900",
                        "AUTH-RESP-CODE");
        assertThat(Pop3Capabilities.list(upstream, false, true))
                .containsExactly("STLS", "TOP", "UIDL", "PIPELINING", "LOGIN-DELAY 900");
    }

    @Test
    void shouldPassOnNothingUnknownUnprintableOrOverLongAndEachKeywordOnce() {
        List<String> upstream = Arrays.asList(null, "", "   ", "X-POSTERN-SECRET", "TOP\r\n.", "UIDL\0",
                "EXPIRE \u00e9", "EXPIRE " + "9".repeat(Pop3Capabilities.MAX_RELAYED_LENGTH), "expire 30  user ",
                "EXPIRE NEVER", "LANG", "UTF8 USER", "IMPLEMENTATION evil", "SASL GSSAPI", "STLS", "USER");

        assertThat(Pop3Capabilities.list(upstream, true, false))
                .containsExactly("USER", "SASL PLAIN LOGIN", "EXPIRE 30 user", "AUTH-RESP-CODE");
    }

    @Test
    void shouldTreatAMissingUpstreamListAsAnEmptyOne() {
        assertThat(Pop3Capabilities.list(null, true, false))
                .containsExactly("USER", "SASL PLAIN LOGIN", "AUTH-RESP-CODE");
    }

    @Test
    void shouldDotStuffMultiLineReplies() {
        assertThat(Pop3Replies.multiLine("+OK x", List.of("TOP", ".", ".hidden")))
                .isEqualTo("+OK x\r\nTOP\r\n..\r\n..hidden\r\n.\r\n");
    }
}
