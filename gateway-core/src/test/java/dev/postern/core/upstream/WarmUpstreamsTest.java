package dev.postern.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.ingress.Transport;
import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream connections kept ready, against a real TLS server on loopback that numbers the
 * connections it accepts and answers one scripted login on each.
 */
class WarmUpstreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Transport transport = Transport.nio();
    private final EventLoopGroup serverGroup = transport.newGroup(1);
    private final EventLoopGroup group = transport.newGroup(1);
    private final EventLoop loop = group.next();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    /** For each LOGIN the server answered: the number of the connection it came on (1 = first accepted). */
    private final List<Integer> loginsOn = new CopyOnWriteArrayList<>();
    /** Connections from this number on are greeted only once {@link #greetHeld()} is called. */
    private volatile int holdGreetingFrom = Integer.MAX_VALUE;
    private final List<ChannelHandlerContext> greetingHeld = new CopyOnWriteArrayList<>();
    private UpstreamEndpoint endpoint;
    /** Stands for the client channel a login comes from: only its event loop matters. */
    private Channel client;

    @BeforeEach
    void startServer() throws Exception {
        client = transport.socketChannel().getDeclaredConstructor().newInstance();
        loop.register(client).sync();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        SelfSignedPem.generate(cert, key);
        SslContext serverTls = TlsContexts.forServer(cert, key);
        Channel server = new ServerBootstrap().group(serverGroup).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        int number = accepted.incrementAndGet();
                        ch.closeFuture().addListener(done -> closed.incrementAndGet());
                        ch.pipeline().addLast(serverTls.newHandler(ch.alloc()), new LineBasedFrameDecoder(1024),
                                new ScriptedImap(number));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        endpoint = new UpstreamEndpoint("127.0.0.1", port, UpstreamEndpoint.Security.IMPLICIT,
                TlsContexts.forUpstreamTrustingPem(cert), "localhost", Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private final List<WarmUpstreams> pools = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        pools.forEach(pool -> pool.close(WAIT));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void shouldLogInOnAConnectionOpenedAheadWithTheGreetingItHeld() throws Exception {
        WarmUpstreams warm = new WarmUpstreams(transport, endpoint, 2, Duration.ofSeconds(30));
        UpstreamConnector connector = connector(warm);

        UpstreamSession first = logIn(connector);           // no pool yet: connects, and starts the pool
        awaitReady(warm, 2);
        UpstreamSession second = logIn(connector);          // takes one of the two opened ahead

        assertThat(first.capabilities()).isEqualTo("greeted with * OK warm-test ready");
        assertThat(second.capabilities()).isEqualTo("greeted with * OK warm-test ready");
        assertThat(loginsOn).containsExactly(1, 2);
        assertThat(second.channel().pipeline().get(PipelineNames.UPSTREAM_PARKED)).isNull();
        assertThat(second.channel().pipeline().get(PipelineNames.UPSTREAM_LOGIN)).isNotNull();
    }

    @Test
    void shouldNeverPutATakenConnectionBackAndShouldReplaceIt() throws Exception {
        WarmUpstreams warm = new WarmUpstreams(transport, endpoint, 1, Duration.ofSeconds(30));
        UpstreamConnector connector = connector(warm);
        logIn(connector);
        awaitReady(warm, 1);

        UpstreamSession session = logIn(connector);
        awaitReady(warm, 1);
        Channel next = onLoop(() -> warm.take(loop)).getNow();

        assertThat(next).isNotNull().isNotSameAs(session.channel());
        assertThat(next.isActive()).isTrue();
        next.close().sync();
        assertThat(session.channel().isActive()).isTrue();
        assertThat(loginsOn).containsExactly(1, 2);                // the login's own, then the one opened ahead
        awaitUntil(() -> accepted.get() == 4, "the second take is replaced too");
    }

    @Test
    void shouldWaitForAConnectionBeingOpenedRatherThanOpenAnother() throws Exception {
        WarmUpstreams warm = new WarmUpstreams(transport, endpoint, 1, Duration.ofSeconds(30));
        UpstreamConnector connector = connector(warm);
        holdGreetingFrom = 2;
        logIn(connector);                                        // connection 1; the pool opens 2, not yet greeted
        awaitUntil(() -> greetingHeld.size() == 1, "the pool's connection accepted");

        io.netty.util.concurrent.Future<UpstreamSession> second = onLoop(() -> connect(connector));
        awaitUntil(() -> greetingHeld.size() == 2, "the pool replaces the one the login waits for");
        greetHeld();

        assertThat(second.await(WAIT.toMillis())).isTrue();
        assertThat(second.cause()).isNull();
        assertThat(loginsOn).containsExactly(1, 2);              // on the connection that was being opened
        assertThat(accepted.get()).isEqualTo(3);                 // and no connection of its own
    }

    @Test
    void shouldCloseTheConnectionAwaitedByALoginWhoseClientLeft() throws Exception {
        WarmUpstreams warm = new WarmUpstreams(transport, endpoint, 1, Duration.ofSeconds(30));
        UpstreamConnector connector = connector(warm);
        holdGreetingFrom = 2;
        logIn(connector);
        awaitUntil(() -> greetingHeld.size() == 1, "the pool's connection accepted");

        io.netty.util.concurrent.Future<UpstreamSession> second = onLoop(() -> connect(connector));
        onLoop(() -> second.cancel(false));
        greetHeld();

        // the one it waited for goes to the pool, with the one opened to replace it
        awaitUntil(() -> onLoopUnchecked(() -> warm.ready(loop)) == 2, "both ready");
        assertThat(loginsOn).containsExactly(1);
    }

    @Test
    void shouldCloseAConnectionNoLoginTookWithinItsMaxAge() throws Exception {
        WarmUpstreams warm = new WarmUpstreams(transport, endpoint, 1, Duration.ofSeconds(1));
        UpstreamConnector connector = connector(warm);
        logIn(connector);
        awaitReady(warm, 1);

        awaitUntil(() -> closed.get() >= 1, "the idle connection closed at its max age");

        awaitReady(warm, 1); // logins came recently: it is replaced
        assertThat(accepted.get()).isGreaterThanOrEqualTo(3);
        assertThat(loginsOn).containsExactly(1);
    }

    @Test
    void shouldConnectAsUsualWhileTheUpstreamRefusesThePoolsConnections() throws Exception {
        UpstreamEndpoint nowhere = new UpstreamEndpoint("127.0.0.1", 1, UpstreamEndpoint.Security.IMPLICIT,
                endpoint.sslContext(), "localhost", Duration.ofSeconds(2), Duration.ofSeconds(2));
        WarmUpstreams warm = new WarmUpstreams(transport, nowhere, 2, Duration.ofSeconds(30));
        pools.add(warm);
        UpstreamConnector connector = new UpstreamConnector(transport, nowhere, ScriptedLogin::new,
                UpstreamObserver.NONE, warm);

        Throwable failure = onLoop(() -> connect(connector)).await().cause();

        assertThat(failure).isInstanceOf(UpstreamFailure.class);
        assertThat(((UpstreamFailure) failure).kind()).isEqualTo(UpstreamFailure.Kind.UNREACHABLE);
        assertThat(onLoop(() -> warm.ready(loop))).isZero();
    }

    @Test
    void shouldReleaseWhatAParkedConnectionHeldWhenItCloses() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<String> events = new CopyOnWriteArrayList<>();
        channel.pipeline().addLast(PipelineNames.UPSTREAM_PARKED, new ParkedUpstream(new ParkedUpstream.Pool() {
            @Override
            public void ready(Channel upstream) {
                events.add("ready");
            }

            @Override
            public void gone(Channel upstream, boolean wasReady) {
                events.add("gone, ready " + wasReady);
            }
        }, Duration.ofSeconds(30)));
        ByteBuf greeting = Unpooled.copiedBuffer("* OK hi\r\n", StandardCharsets.US_ASCII);

        channel.writeInbound(greeting.retain());
        channel.close();

        assertThat(events).containsExactly("ready", "gone, ready true");
        assertThat(greeting.refCnt()).isEqualTo(1);
        greeting.release();
        assertThat((Object) channel.readInbound()).isNull();
    }

    private UpstreamConnector connector(WarmUpstreams warm) {
        pools.add(warm);
        return new UpstreamConnector(transport, endpoint, ScriptedLogin::new, UpstreamObserver.NONE, warm);
    }

    private UpstreamSession logIn(UpstreamConnector connector) throws Exception {
        io.netty.util.concurrent.Future<UpstreamSession> done = onLoop(() -> connect(connector));
        assertThat(done.await(WAIT.toMillis())).isTrue();
        assertThat(done.cause()).isNull();
        return done.getNow();
    }

    /** A login as a client's would start it: on the client's loop. */
    private io.netty.util.concurrent.Future<UpstreamSession> connect(UpstreamConnector connector) {
        return connector.connect(client, null);
    }

    private void awaitReady(WarmUpstreams warm, int count) throws Exception {
        awaitUntil(() -> onLoopUnchecked(() -> warm.ready(loop)) == count, count + " connection(s) ready");
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T onLoopUnchecked(Callable<T> task) {
        try {
            return onLoop(task);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Greets, answers {@code a1 LOGIN} with OK, and records which connection the login came on. */
    private final class ScriptedImap extends SimpleChannelInboundHandler<ByteBuf> {
        private final int number;

        ScriptedImap(int number) {
            this.number = number;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (number >= holdGreetingFrom) {
                greetingHeld.add(ctx);
            } else {
                greet(ctx);
            }
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            if (line.toString(StandardCharsets.US_ASCII).startsWith("a1 LOGIN")) {
                loginsOn.add(number);
                ctx.writeAndFlush(Unpooled.copiedBuffer("a1 OK logged in\r\n", StandardCharsets.US_ASCII));
            }
        }
    }

    private static void greet(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.copiedBuffer("* OK warm-test ready\r\n", StandardCharsets.US_ASCII));
    }

    private void greetHeld() {
        holdGreetingFrom = Integer.MAX_VALUE;
        for (ChannelHandlerContext ctx : greetingHeld) {
            ctx.executor().execute(() -> greet(ctx));
        }
    }

    /** A login dialogue that answers the greeting with one command and succeeds with what it was greeted with. */
    private static final class ScriptedLogin extends UpstreamLogin {
        private String greeting;

        ScriptedLogin(UpstreamIdentity identity, UpstreamEndpoint endpoint, Promise<UpstreamSession> promise) {
            super(identity, endpoint, promise);
        }

        @Override
        protected void onLine(String line) {
            if (greeting == null) {
                greeting = line;
                send("a1 LOGIN user secret");
            } else if (line.startsWith("a1 OK")) {
                succeed("greeted with " + greeting);
            }
        }
    }
}
