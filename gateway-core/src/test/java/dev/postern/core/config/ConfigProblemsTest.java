package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of mistake in a configuration file, and the one line that reports it. */
class ConfigProblemsTest {

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldNameAnUnknownTopLevelKeyWithTheAllowedOnes() {
        assertThat(fixture.problems("stroe:\n  sqlite: a.db\n")).containsExactly(
                "stroe: unknown key (expected one of: tls, store, auth, imap, smtp, pop3, upstream-auth, admin, "
                + "limits, proxy-protocol, shutdown-grace-period, notifications, portal)");
    }

    @Test
    void shouldNameAnUnknownKeyAtAnyDepth() {
        // given
        String yaml = ConfigFixture.VALID + "store:\n  sqlit: a.db\nauth:\n  cache:\n    max-entrys: 5\n";

        // when / then
        assertThat(fixture.problems(yaml)).containsExactly(
                "store.sqlit: unknown key (expected one of: sqlite, postgresql, activity-retention)",
                "auth.cache.max-entrys: unknown key (expected one of: max-entries, expire-after, state-refresh)");
    }

    @Test
    void shouldAcceptZeroCacheEntriesButRefuseANegativeCount() {
        assertThat(fixture.parse(ConfigFixture.VALID + "auth:\n  cache:\n    max-entries: 0\n").auth().cache().maxEntries())
                .isZero();
        assertThat(fixture.problems(ConfigFixture.VALID + "auth:\n  cache:\n    max-entries: -1\n")).containsExactly(
                "auth.cache.max-entries: -1 (expected at least 0)");
    }

    @Test
    void shouldNameAnUnknownKeyInsideAListItem() {
        String yaml = ConfigFixture.VALID.replace("tls: implicit\n  upstream", "tls: implicit\n      port: 993\n  upstream");

        assertThat(fixture.problems(yaml)).containsExactly(
                "imap.listeners[0].port: unknown key (expected one of: address, tls, proxy-protocol, dual-stack)");
    }

    @Test
    void shouldAcceptTheForwardingKeyOnlyUnderItsOwnProtocol() {
        // given
        String yaml = ConfigFixture.VALID.replace("tls: implicit\nupstream-auth", "tls: implicit\n    xclient: true\nupstream-auth");

        // when / then
        assertThat(fixture.problems(yaml)).containsExactly("imap.upstream.xclient: unknown key (expected one of: "
                + "address, tls, trust, server-name, connect-timeout, login-timeout, warm-connections, forward-client-ip)");
    }

    @Test
    void shouldRefuseTextWhereANumberIsExpected() {
        assertThat(fixture.problems("auth:\n  argon2:\n    memory-kib: lots\n")).containsExactly(
                "auth.argon2.memory-kib: \"lots\" (expected a whole number from 19456 to 1048576)");
    }

    @Test
    void shouldRefuseTextWhereAListIsExpected() {
        String yaml = ConfigFixture.VALID.replaceAll("(?s)  listeners:.*?tls: implicit\n", "  listeners: \"0.0.0.0:993\"\n");

        assertThat(fixture.problems(yaml)).containsExactly("imap.listeners: \"0.0.0.0:993\" "
                + "(expected a non-empty list of maps with keys: address, tls, proxy-protocol, dual-stack)");
    }

    @Test
    void shouldRefuseTextWhereAMapIsExpected() {
        assertThat(fixture.problems("store: postern.db\n"))
                .containsExactly("store: \"postern.db\" (expected a map with keys: sqlite, postgresql, activity-retention)");
    }

    @Test
    void shouldRefuseAListWhereTextIsExpected() {
        assertThat(fixture.problems("store:\n  sqlite: [a.db]\n"))
                .containsExactly("store.sqlite: a list (expected text)");
    }

    @Test
    void shouldReportAMissingRequiredKey() {
        String yaml = ConfigFixture.VALID.replace("    address: \"mail.example.org:993\"\n", "");

        assertThat(fixture.problems(yaml)).containsExactly(
                "imap.upstream.address: missing (expected host:port with a port of 1-65535)");
    }

    @Test
    void shouldReportAMissingRequiredSection() {
        String yaml = ConfigFixture.VALID.replaceAll("(?s)  upstream:.*?tls: implicit\n(?=upstream-auth)", "");

        assertThat(fixture.problems(yaml)).containsExactly("imap.upstream: missing (expected a map with keys: "
                + "address, tls, trust, server-name, connect-timeout, login-timeout, warm-connections, forward-client-ip)");
    }

    @Test
    void shouldReportAnEmptyListOfListeners() {
        String yaml = ConfigFixture.VALID.replaceAll("(?s)  listeners:.*?tls: implicit\n", "  listeners: []\n");

        assertThat(fixture.problems(yaml)).containsExactly("imap.listeners: an empty list "
                + "(expected a non-empty list of maps with keys: address, tls, proxy-protocol, dual-stack)");
    }

    @Test
    void shouldReportAPortOutOfRange() {
        String yaml = ConfigFixture.VALID.replace("tls: implicit\n  upstream",
                "tls: implicit\n    - address: \"0.0.0.0:99999\"\n      tls: implicit\n  upstream");

        assertThat(fixture.problems(yaml)).containsExactly(
                "imap.listeners[1].address: \"0.0.0.0:99999\" (expected host:port with a port of 1-65535)");
    }

    @Test
    void shouldLetListenersAskForAnyFreePortButNotUpstreams() {
        String listenerOnZero = ConfigFixture.VALID.replace("tls: implicit\n  upstream",
                "tls: implicit\n    - address: \"127.0.0.1:0\"\n      tls: implicit\n    - address: \"127.0.0.1:0\"\n"
                        + "      tls: starttls\n  upstream");
        assertThat(fixture.parse(listenerOnZero).protocol("imap").listeners()).extracting(l -> l.address().port())
                .containsExactly(993, 0, 0);

        String upstreamOnZero = ConfigFixture.VALID.replace("mail.example.org:993", "mail.internal:0");
        assertThat(fixture.problems(upstreamOnZero)).containsExactly(
                "imap.upstream.address: \"mail.internal:0\" (expected host:port with a port of 1-65535)");
    }

    @Test
    void shouldReportAnAddressWithoutPort() {
        assertThat(fixture.problems("admin:\n  address: localhost\n"))
                .containsExactly("admin.address: \"localhost\" (expected host:port with a port of 1-65535)");
    }

    @Test
    void shouldReportABadEnumValueWithTheAllowedOnes() {
        String yaml = ConfigFixture.VALID.replace("993\"\n    tls: implicit", "993\"\n    tls: tls");

        assertThat(fixture.problems(yaml))
                .containsExactly("imap.upstream.tls: \"tls\" (expected one of: implicit, starttls, none)");
    }

    @Test
    void shouldReportABadDuration() {
        assertThat(fixture.problems("auth:\n  failure-delay: 2 seconds\n")).containsExactly(
                "auth.failure-delay: \"2 seconds\" (expected a duration such as 500ms, 2s, 30m, 24h or 90d)");
    }

    @Test
    void shouldReportADurationWrittenAsABareNumber() {
        assertThat(fixture.problems("tls:\n  certificate: cert.pem\n  private-key: key.pem\n  handshake-timeout: 10\n"))
                .containsExactly("tls.handshake-timeout: 10 (expected a duration such as 500ms, 2s, 30m, 24h or 90d)");
    }

    @Test
    void shouldRefuseArgon2CostBelowTheOwaspMinimum() {
        assertThat(fixture.problems("auth:\n  argon2: {memory-kib: 4096, iterations: 1, parallelism: 0}\n"))
                .containsExactly(
                        "auth.argon2.memory-kib: 4096 (expected at least 19456)",
                        "auth.argon2.iterations: 1 (expected at least 2)",
                        "auth.argon2.parallelism: 0 (expected at least 1)");
    }

    @Test
    void shouldRefuseAnEmptyQueue() {
        assertThat(fixture.problems("auth:\n  hash-pool: {queue: 0}\n"))
                .containsExactly("auth.hash-pool.queue: 0 (expected at least 1)");
    }

    @Test
    void shouldRefuseAFailureDelayOfHours() {
        assertThat(fixture.problems("auth:\n  failure-delay: 2h\n"))
                .containsExactly("auth.failure-delay: \"2h\" (expected at most 1m)");
    }

    @Test
    void shouldRefuseAStateRefreshAboveFiveSeconds() {
        assertThat(fixture.problems("auth:\n  cache: {state-refresh: 10s}\n"))
                .containsExactly("auth.cache.state-refresh: \"10s\" (expected at most 5s)");
    }

    @Test
    void shouldRefuseAnImapIdleTimeoutShorterThanTheIdleRefresh() {
        String yaml = ConfigFixture.VALID.replace("upstream-auth:", "  idle-timeout: 10m\nupstream-auth:");

        assertThat(fixture.problems(yaml)).containsExactly("imap.idle-timeout: \"10m\" (expected at least 30m)");
    }

    @Test
    void shouldRefuseAHostNameThatWouldBreakAGreeting() {
        String yaml = ConfigFixture.VALID.replace("upstream-auth:", "  host-name: \"gw.example.org OK hi\"\nupstream-auth:");

        assertThat(fixture.problems(yaml))
                .containsExactly("imap.host-name: \"gw.example.org OK hi\" (expected a host name without spaces)");
    }

    @Test
    void shouldReportEveryProblemTogether() {
        // given
        String yaml = """
                store: {sqlit: a.db}
                auth: {argon2: {memory-kib: 1024}, failure-delay: 2h}
                admin: {address: "127.0.0.1:99999"}
                """;

        // when / then
        assertThat(fixture.problems(yaml)).containsExactly(
                "store.sqlit: unknown key (expected one of: sqlite, postgresql, activity-retention)",
                "auth.argon2.memory-kib: 1024 (expected at least 19456)",
                "auth.failure-delay: \"2h\" (expected at most 1m)",
                "admin.address: \"127.0.0.1:99999\" (expected host:port with a port of 1-65535)");
    }

    @Test
    void shouldJoinTheProblemsInTheMessageOneALine() {
        // given
        String yaml = "store: {sqlit: a.db}\nadmin: {address: nowhere}\n";

        // when
        ConfigException refused = catchThrowableOfType(
                ConfigException.class, () -> fixture.parse(yaml));

        // then
        assertThat(refused.getMessage()).isEqualTo(String.join("\n", refused.problems()));
        assertThat(refused.problems()).hasSize(2);
    }

    @Test
    void shouldRefuseTheSameAddressTwice() {
        String yaml = ConfigFixture.VALID + "admin:\n  address: \"0.0.0.0:993\"\n";

        assertThat(fixture.problems(yaml))
                .containsExactly("admin.address: 0.0.0.0:993 (expected an address not already used by imap.listeners[0].address)");
    }
}
