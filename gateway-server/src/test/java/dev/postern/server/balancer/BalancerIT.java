package dev.postern.server.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.core.account.AccountService;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.PostgresqlConfig;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.Scope;
import dev.postern.core.store.postgresql.PostgresStore;
import dev.postern.core.testing.PostgresServer;
import dev.postern.core.testing.TestSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several gateways behind a real balancer (issue 15), all of them real processes: two {@code postern serve} on one
 * PostgreSQL store, Debian's HAProxy in front of them running the shipped {@code deploy/haproxy/haproxy.cfg} (PROXY
 * protocol v2, health checks on {@code /readyz}), the command line as a third process, GreenMail as the mailbox
 * server. Clients log in through the
 * balancer and each gateway's audit log names their own address; the command line's revocation closes sessions
 * idling on both gateways within the promised second; and with one gateway killed (SIGKILL), logins through the
 * balancer go on succeeding. The gateways are killed last (the order below), so that the cases before see both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancerIT {

    private static final String USER = "alice@example.test";
    private static final String BYE = "* BYE [UNAVAILABLE] Access revoked.";
    /** The promise is 1 s; asserted with slack for a loaded machine. */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(3);
    private static final Duration AUDIT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(BalancerIT.class);

    @TempDir
    static Path dir;

    private GreenMail greenMail;
    private final List<GatewayProcess> gateways = new ArrayList<>();
    private Haproxy haproxy;
    private PosternCli cli;
    /** The store as a further party sees it, for set-up that is not the subject of a case. */
    private PostgresStore store;
    private AccountService accounts;
    private final List<SourcedClient> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        String upstreamPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        TestSecrets.register(upstreamPassword);
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort()});
        greenMail.start();
        greenMail.setUser(USER, USER, upstreamPassword);

        PostgresServer server = PostgresServer.shared();
        PostgresqlConfig database = server.newDatabase(4);
        Path keyFile = dir.resolve("upstream.key");
        SecretSealer.createKeyFile(keyFile, new SecureRandom());
        Path config = dir.resolve("postern.yml");
        Files.writeString(config, configuration(database, server.passwordFile(), keyFile));
        store = PostgresStore.open(database); // migrates the schema before the gateways start
        accounts = new AccountService(store, new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom()),
                new SecureRandom(), InstantSource.system());
        accounts.addUser(USER);
        accounts.setUpstreamPassword(USER, upstreamPassword, SecretSealer.fromKeyFile(keyFile));

        for (String name : List.of("gateway-1", "gateway-2")) {
            gateways.add(GatewayProcess.launch(name, config, TestSecrets.folder()));
        }
        for (GatewayProcess gateway : gateways) {
            gateway.awaitStarted();
        }
        haproxy = Haproxy.start(dir, TestSecrets.folder(), gateways);
        cli = new PosternCli(config);
    }

    private String configuration(PostgresqlConfig database, Path passwordFile, Path keyFile) {
        return String.join("\n",
                "store:",
                "  postgresql:",
                "    url: " + database.url(),
                "    user: " + database.user(),
                "    password-file: " + passwordFile,
                "    pool-size: 4",
                "shutdown-grace-period: 1s",
                "admin:",
                "  address: \"127.0.0.1:0\"",
                "proxy-protocol:",
                "  trusted-proxies: [\"127.0.0.1/32\"]",
                "imap:",
                "  listeners:",
                "    - { address: \"127.0.0.1:0\", tls: none, proxy-protocol: true }",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getImap().getPort() + "\", tls: none }",
                "smtp:",
                "  listeners:",
                "    - { address: \"127.0.0.1:0\", tls: none, proxy-protocol: true }",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getSmtp().getPort() + "\", tls: none }",
                "  host-name: localhost",
                "pop3:",
                "  listeners:",
                "    - { address: \"127.0.0.1:0\", tls: none, proxy-protocol: true }",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getPop3().getPort() + "\", tls: none }",
                "  host-name: localhost",
                "upstream-auth:",
                "  mode: stored-credential",
                "  key-file: " + keyFile,
                "");
    }

    @AfterEach
    void closeClients() throws IOException {
        for (SourcedClient client : clients) {
            client.close();
        }
        clients.clear();
    }

    @AfterAll
    void stop() throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(haproxy);
        parts.addAll(gateways);
        parts.add(store);
        parts.add(greenMail == null ? null : greenMail::stop);
        Exception first = null;
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    @Order(1)
    void shouldLogClientsInThroughTheBalancerWithTheirOwnAddressInEachGatewaysAuditLog() throws Exception {
        // given
        PosternCli.AppPassword appPassword = cli.create(USER, "through-the-balancer");

        // when: as many sessions of each protocol as gateways, all kept open (least connections: one on each)
        for (int i = 0; i < gateways.size(); i++) {
            keep(SourcedClient.imapLoggedIn(haproxy.port("imaps"), USER, appPassword.password()));
            smtpLoggedIn(haproxy.port("submissions"), appPassword.password());
            pop3LoggedIn(haproxy.port("pop3s"), appPassword.password());
        }

        // then
        for (GatewayProcess gateway : gateways) {
            for (String protocol : List.of("imap", "smtp", "pop3")) {
                JsonNode login = awaitAudit(gateway, line -> "login".equals(line.path("event").asText())
                        && protocol.equals(line.path("protocol").asText())
                        && appPassword.id().equals(line.path("app_password_id").asText()));
                assertThat(login.path("outcome").asText()).as("%s %s", gateway.name(), protocol).isEqualTo("success");
                assertThat(login.path("client_ip").asText()).as("%s %s", gateway.name(), protocol)
                        .isEqualTo(SourcedClient.SOURCE);
            }
        }
    }

    @Test
    @Order(2)
    void shouldCloseSessionsIdlingOnEveryGatewayWithinASecondOfTheCommandLineRevoking() throws Exception {
        // given: one session in IDLE on each gateway
        AccountService.Created appPassword = created("revoked-while-idle");
        List<SourcedClient> idling = new ArrayList<>();
        for (int i = 0; i < gateways.size(); i++) {
            idling.add(keep(SourcedClient.imapIdle(haproxy.port("imaps"), USER, appPassword.password())));
        }
        String id = appPassword.record().id();
        for (GatewayProcess gateway : gateways) {
            awaitAudit(gateway, line -> "success".equals(line.path("outcome").asText())
                    && id.equals(line.path("app_password_id").asText()));
        }

        // when
        cli.revoke(id);
        long revoked = System.nanoTime();

        // then
        for (SourcedClient session : idling) {
            assertThat(session.lastLineBeforeClose(REVOCATION_BOUND)).isEqualTo(BYE);
            Duration took = Duration.ofNanos(System.nanoTime() - revoked);
            LOG.info("IDLE session closed {} ms after the revoking command line exited", took.toMillis());
            assertThat(took).as("from the command line's exit to the close").isLessThan(REVOCATION_BOUND);
        }
        for (GatewayProcess gateway : gateways) {
            JsonNode closed = awaitAudit(gateway, line -> "session_closed".equals(line.path("event").asText())
                    && id.equals(line.path("app_password_id").asText()));
            assertThat(closed.path("reason").asText()).isEqualTo("revoked");
            assertThat(closed.path("client_ip").asText()).isEqualTo(SourcedClient.SOURCE);
        }
    }

    @Test
    @Order(3)
    void shouldGoOnLoggingInThroughTheBalancerAfterOneGatewayIsKilled() throws Exception {
        // given
        AccountService.Created appPassword = created("after-a-crash");
        GatewayProcess killed = gateways.get(0);
        GatewayProcess survivor = gateways.get(1);

        // when
        killed.kill();

        // then: every login succeeds, from the first one after the kill on
        for (int i = 0; i < 20; i++) {
            try (SourcedClient imap = SourcedClient.imapLoggedIn(haproxy.port("imaps"), USER, appPassword.password())) {
                imap.send("z LOGOUT");
                assertThat(imap.readUntil(line -> line.startsWith("z "))).startsWith("z OK");
            }
        }
        haproxy.awaitServer("imaps", killed.name(), "DOWN");
        assertThat(survivor.isAlive()).isTrue();
    }

    // --- helpers ---

    private AccountService.Created created(String label) {
        AccountService.Created created = accounts.create(USER, label, EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null);
        TestSecrets.registerPassword(USER, created.password());
        return created;
    }

    private SourcedClient keep(SourcedClient client) {
        clients.add(client);
        return client;
    }

    /** SMTP: greeting, EHLO, AUTH PLAIN answered 235. */
    private SourcedClient smtpLoggedIn(int port, String password) throws IOException {
        SourcedClient smtp = keep(SourcedClient.connect(port));
        assertThat(smtp.read()).startsWith("220 ");
        smtp.send("EHLO client.example.test");
        smtp.readUntil(line -> line.startsWith("250 "));
        String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
        smtp.send("AUTH PLAIN " + plain);
        assertThat(smtp.read()).startsWith("235 ");
        return smtp;
    }

    /** POP3: greeting, USER and PASS answered +OK. */
    private SourcedClient pop3LoggedIn(int port, String password) throws IOException {
        SourcedClient pop3 = keep(SourcedClient.connect(port));
        assertThat(pop3.read()).startsWith("+OK");
        pop3.send("USER " + USER);
        assertThat(pop3.read()).startsWith("+OK");
        pop3.send("PASS " + password);
        assertThat(pop3.read()).startsWith("+OK");
        return pop3;
    }

    /** The first audit line of {@code gateway} that {@code wanted} accepts, once written; fails after a while. */
    private static JsonNode awaitAudit(GatewayProcess gateway, Predicate<JsonNode> wanted)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + AUDIT_TIMEOUT.toNanos();
        List<String> lines;
        do {
            lines = gateway.auditLines();
            for (String line : lines) {
                JsonNode node = parse(line);
                if (wanted.test(node)) {
                    return node;
                }
            }
            Thread.sleep(50); // written by the gateway after the client had its answer
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no such audit line from " + gateway.name() + " within " + AUDIT_TIMEOUT + " in:\n"
                + String.join("\n", lines));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not an audit line: " + line, e);
        }
    }
}
