package dev.postern.core.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Listening sockets on real loopback addresses, with epoll (where it loads) and NIO: an IPv4
 * address takes IPv4 clients only, {@code [::]} IPv6 clients only unless dual stack is asked for,
 * the pair {@code 0.0.0.0:P} and {@code [::]:P} both start, and a port held by another process is
 * named as such.
 */
class ListenSocketsTest {

    private static final String GREETING = "hello\r\n";

    private final List<EventLoopGroup> groups = new ArrayList<>();
    private final List<GatewayServer> servers = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    static List<Transport> transports() {
        List<Transport> transports = new ArrayList<>();
        if (Epoll.isAvailable()) {
            transports.add(Transport.select("epoll"));
        }
        transports.add(Transport.nio());
        return transports;
    }

    /** The transports that can open an IPv6-only socket: epoll (NIO cannot, see the IPv6-only test). */
    static List<Transport> ipv6OnlyTransports() {
        return transports().stream().filter(transport -> !transport.name().equals("nio")).toList();
    }

    @BeforeAll
    static void needsBothLoopbacks() throws IOException {
        assumeTrue(reachable("127.0.0.1") && reachable("::1"), "this host has IPv4 and IPv6 loopback");
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(GatewayServer.class)).detachAppender(log);
        servers.forEach(GatewayServer::close);
        groups.forEach(group -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shouldServeIpv4ClientsOnlyOnTheIpv4Wildcard(Transport transport) throws Exception {
        // when
        int port = bind(transport, "0.0.0.0", 0, false);

        // then
        assertThat(greeting("127.0.0.1", port)).isEqualTo(GREETING);
        assertThatThrownBy(() -> greeting("::1", port)).as("an IPv6 client").isInstanceOf(ConnectException.class);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shouldLogTheAddressAsWritten(Transport transport) throws Exception {
        // given
        log.start();
        ((Logger) LoggerFactory.getLogger(GatewayServer.class)).addAppender(log);

        // when
        int port = bind(transport, "0.0.0.0", 0, false);
        int v6port = bind(transport, "::", 0, true);

        // then
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("test listening on 0.0.0.0:" + port, "test listening on [::]:" + v6port);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shouldServeBothFamiliesOnTheIpv6WildcardWithDualStack(Transport transport) throws Exception {
        // when
        int port = bind(transport, "::", 0, true);

        // then
        assertThat(greeting("::1", port)).isEqualTo(GREETING);
        assertThat(greeting("127.0.0.1", port)).isEqualTo(GREETING);
    }

    @ParameterizedTest
    @MethodSource("ipv6OnlyTransports")
    void shouldStartThePairOfWildcardsOnOnePortAndServeEachFamily(Transport transport) throws Exception {
        // when: the pair of the shipped example, [::] first so that a dual-stack [::] would also take IPv4
        int port = bind(transport, "::", 0, false);
        bind(transport, "0.0.0.0", port, false);

        // then
        assertThat(greeting("::1", port)).isEqualTo(GREETING);
        assertThat(greeting("127.0.0.1", port)).isEqualTo(GREETING);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shouldRefuseIpv4ClientsOnTheIpv6WildcardWithoutDualStack(Transport transport) throws Exception {
        if (transport.name().equals("nio")) {
            // NIO cannot: the JDK turns IPV6_V6ONLY off on every IPv6 socket, so the listener is refused
            assertThatThrownBy(() -> bind(transport, "::", 0, false)).isInstanceOf(ListenException.class)
                    .hasMessage("test: cannot listen on [::]:0 for IPv6 only with the NIO transport (the JDK opens "
                            + "every IPv6 socket for IPv4 too); use the epoll transport (the default on Linux x86-64 "
                            + "and aarch64), or set dual-stack: true on this listener and remove any IPv4 listener "
                            + "on port 0");
            return;
        }
        // when
        int port = bind(transport, "::", 0, false);

        // then
        assertThat(greeting("::1", port)).isEqualTo(GREETING);
        assertThatThrownBy(() -> greeting("127.0.0.1", port)).as("an IPv4 client").isInstanceOf(ConnectException.class);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shouldNameAPortInUseByAnotherProcess(Transport transport) throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = other.getLocalPort();

            assertThatThrownBy(() -> bind(transport, "127.0.0.1", port, false)).isInstanceOf(ListenException.class)
                    .hasMessage("test: cannot listen on 127.0.0.1:" + port + ": port " + port
                            + " is in use (by another process: ss -ltnp 'sport = :" + port + "')")
                    .extracting(e -> ((ListenException) e).port()).isEqualTo(port);
        }
    }

    /** Binds a listener that greets and closes; returns its port. */
    private int bind(Transport transport, String host, int port, boolean dualStack) {
        EventLoopGroup group = transport.newGroup(1);
        groups.add(group);
        GatewayServer server = new GatewayServer(group, transport);
        servers.add(server);
        return server.bind("test", new ListenAddress(host, port, dualStack), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(GREETING, StandardCharsets.US_ASCII))
                        .addListener(ChannelFutureListener.CLOSE);
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        }).getPort();
    }

    private static String greeting(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 5_000);
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static boolean reachable(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort() > 0;
        } catch (IOException unavailable) {
            return false;
        }
    }
}
