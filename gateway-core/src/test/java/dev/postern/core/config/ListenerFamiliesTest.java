package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listener addresses and families: dual-stack only on [::], and no two listeners the kernel would refuse together. */
class ListenerFamiliesTest {

    private static final String PAIR = "    - address: \"0.0.0.0:993\"\n      tls: implicit\n"
            + "    - address: \"[::]:993\"\n      tls: implicit\n";

    @TempDir
    java.nio.file.Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldAcceptTheIpv4AndIpv6WildcardsOnOnePort() {
        GatewayConfig config = fixture.parse(listeners(PAIR));

        assertThat(config.protocol("imap").listeners()).extracting(l -> l.address().toString(), ListenerConfig::dualStack)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0.0.0.0:993", false),
                        org.assertj.core.groups.Tuple.tuple("[::]:993", false));
    }

    @Test
    void shouldAcceptDualStackOnTheIpv6Wildcard() {
        GatewayConfig config = fixture.parse(listeners(
                "    - address: \"[::]:993\"\n      tls: implicit\n      dual-stack: true\n"));

        assertThat(config.protocol("imap").listeners().get(0).dualStack()).isTrue();
    }

    @Test
    void shouldRefuseDualStackOnAnotherAddressNamingKeyValueAndExpectation() {
        String yaml = listeners("    - address: \"0.0.0.0:993\"\n      tls: implicit\n      dual-stack: true\n");

        assertThat(fixture.problems(yaml)).containsExactly("imap.listeners[0].dual-stack: true "
                + "(expected true only with the address \"[::]:PORT\", not with \"0.0.0.0:993\")");
    }

    @Test
    void shouldRefuseAnIpv4ListenerOnThePortOfADualStackWildcard() {
        String yaml = listeners("    - address: \"[::]:993\"\n      tls: implicit\n      dual-stack: true\n"
                + "    - address: \"0.0.0.0:993\"\n      tls: implicit\n");

        assertThat(fixture.problems(yaml)).containsExactly("imap.listeners[1].address: 0.0.0.0:993 (expected an "
                + "address not overlapping imap.listeners[0].address ([::]:993 with dual-stack: true) on port 993)");
    }

    @Test
    void shouldRefuseAnAddressOfTheFamilyOfAWildcardOnItsPort() {
        String yaml = listeners("    - address: \"127.0.0.1:993\"\n      tls: implicit\n"
                + "    - address: \"0.0.0.0:993\"\n      tls: implicit\n");

        assertThat(fixture.problems(yaml)).containsExactly("imap.listeners[1].address: 0.0.0.0:993 (expected an "
                + "address not overlapping imap.listeners[0].address (127.0.0.1:993) on port 993)");
    }

    private static String listeners(String items) {
        return ConfigFixture.VALID.replace("    - address: \"0.0.0.0:993\"\n      tls: implicit\n", items);
    }
}
