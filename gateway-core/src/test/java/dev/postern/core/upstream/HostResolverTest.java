package dev.postern.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.BoundedPool;
import dev.postern.core.ingress.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream host names looked up off the event loop, with connections to a real listening socket on
 * loopback: a slow name service never holds the loop, a literal needs no lookup, a full lookup queue
 * fails at once, and the system resolver finds {@code localhost}.
 */
class HostResolverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Transport transport = Transport.nio();
    private final EventLoopGroup group = transport.newGroup(1);
    private final EventLoop loop = group.next();
    private final List<String> looked = new CopyOnWriteArrayList<>();
    private final CountDownLatch answer = new CountDownLatch(1);
    private final CountDownLatch asked = new CountDownLatch(1);
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private ThreadPoolExecutor pool;

    @BeforeEach
    void listen() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (Exception closed) {
                // the test is over
            }
        }, "test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        pool = BoundedPool.create("test-resolve", 1, 1);
    }

    @AfterEach
    void close() throws Exception {
        answer.countDown();
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
        pool.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** A name service that answers {@code 127.0.0.1} for any name, once the test lets it. */
    private InetAddress[] slowLookup(String host) throws UnknownHostException {
        looked.add(host);
        asked.countDown();
        try {
            answer.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted");
        }
        return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    }

    private ChannelFuture connect(HostResolver resolver, String host) {
        return new Bootstrap().group(loop).channel(transport.socketChannel()).resolver(resolver)
                .handler(new ChannelInboundHandlerAdapter()).connect(host, server.getLocalPort());
    }

    @Test
    void shouldKeepTheEventLoopRunningWhileTheNameServiceIsSlow() throws Exception {
        HostResolver resolver = new HostResolver(pool, this::slowLookup);

        ChannelFuture connecting = connect(resolver, "mail.slow.test");

        // the loop that asked for the lookup runs other work while the name service, asked, has not answered
        assertThat(asked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the name service was asked").isTrue();
        assertThat(loop.submit(() -> "ran").get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(connecting.isDone()).isFalse();
        assertThat(looked).containsExactly("mail.slow.test");
        answer.countDown();
        assertThat(connecting.await(WAIT.toMillis())).isTrue();
        assertThat(connecting.isSuccess()).as("%s", connecting.cause()).isTrue();
        Channel channel = connecting.channel();
        assertThat(((InetSocketAddress) channel.remoteAddress()).getPort()).isEqualTo(server.getLocalPort());
        channel.close().sync();
    }

    @Test
    void shouldConnectToAnAddressLiteralWithoutALookup() throws Exception {
        HostResolver resolver = new HostResolver(pool, this::slowLookup); // would hold any lookup

        ChannelFuture connecting = connect(resolver, "127.0.0.1");

        assertThat(connecting.await(WAIT.toMillis())).isTrue();
        assertThat(connecting.isSuccess()).as("%s", connecting.cause()).isTrue();
        assertThat(looked).isEmpty();
        connecting.channel().close().sync();
    }

    @Test
    void shouldFailAtOnceWhenTooManyLookupsAreWaiting() throws Exception {
        HostResolver resolver = new HostResolver(pool, this::slowLookup); // one thread, a queue of one
        ChannelFuture first = connect(resolver, "one.slow.test");
        ChannelFuture second = connect(resolver, "two.slow.test");

        ChannelFuture third = connect(resolver, "three.slow.test");

        assertThat(third.await(WAIT.toMillis())).isTrue();
        assertThat(third.cause()).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("three.slow.test").hasMessageContaining("too many lookups");
        assertThat(first.isDone()).isFalse();
        assertThat(second.isDone()).isFalse();
        answer.countDown();
        assertThat(first.await(WAIT.toMillis()) && second.await(WAIT.toMillis())).isTrue();
        assertThat(first.isSuccess() && second.isSuccess()).isTrue();
        first.channel().close().sync();
        second.channel().close().sync();
    }

    @Test
    void shouldFailTheConnectionWithTheNameServicesAnswer() throws Exception {
        HostResolver resolver = new HostResolver(pool, host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        });

        ChannelFuture connecting = connect(resolver, "mail.example.invalid");

        assertThat(connecting.await(WAIT.toMillis())).isTrue();
        assertThat(connecting.cause()).isInstanceOf(UnknownHostException.class)
                .hasMessage("mail.example.invalid: Name or service not known");
    }

    @Test
    void shouldFindLocalhostWithTheSystemResolver() throws Exception {
        ChannelFuture connecting = connect(HostResolver.SYSTEM, "localhost");

        assertThat(connecting.await(WAIT.toMillis())).isTrue();
        assertThat(connecting.isSuccess()).as("%s", connecting.cause()).isTrue();
        assertThat(((InetSocketAddress) connecting.channel().remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
        connecting.channel().close().sync();
    }

    @Test
    void shouldOpenEveryUpstreamConnectionWithTheSystemResolver() throws Exception {
        UpstreamEndpoint endpoint = new UpstreamEndpoint("localhost", server.getLocalPort(),
                UpstreamEndpoint.Security.NONE, null, "localhost", Duration.ofSeconds(5), Duration.ofSeconds(5));
        Bootstrap bootstrap = endpoint.bootstrap(loop, transport).handler(new ChannelInboundHandlerAdapter());

        ChannelFuture connecting = bootstrap.connect(endpoint.host(), endpoint.port());

        assertThat(bootstrap.config().resolver()).isSameAs(HostResolver.SYSTEM);
        assertThat(connecting.await(WAIT.toMillis())).isTrue();
        assertThat(connecting.isSuccess()).as("%s", connecting.cause()).isTrue();
        connecting.channel().close().sync();
    }
}
