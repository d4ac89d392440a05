package dev.postern.core.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * Real TLS over loopback for tests: a Netty server that greets after its handshake, and a Netty
 * client that reports how its handshake went. Close it in {@code @AfterAll}.
 */
public final class TlsLoopback implements AutoCloseable {
    /** What the test server writes once its handshake has succeeded. */
    public static final String GREETING = "* OK postern tls test\r\n";
    private static final long TIMEOUT_SECONDS = 10;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    /** The client's view of one connection attempt. {@code failure} is null when it succeeded. */
    public record Outcome(Throwable failure, String protocol, String cipherSuite, X509Certificate peerLeaf,
            String greeting) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    /** A bound test server; each accepted connection takes {@code context.get()}. */
    public final class Server implements AutoCloseable {
        private final Channel channel;
        private final BlockingQueue<SslHandshakeCompletionEvent> handshakes = new LinkedBlockingQueue<>();

        private Server(Supplier<SslContext> context) throws InterruptedException {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(context.get().newHandler(ch.alloc()), new Greeter(handshakes));
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        }

        public int port() {
            return ((InetSocketAddress) channel.localAddress()).getPort();
        }

        /** The outcome of the next server-side handshake, as the server saw it. */
        public SslHandshakeCompletionEvent nextHandshake() throws InterruptedException {
            SslHandshakeCompletionEvent event = handshakes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no server handshake finished within " + TIMEOUT_SECONDS + " s");
            }
            return event;
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
        }
    }

    public Server startServer(SslContext context) throws InterruptedException {
        return new Server(() -> context);
    }

    public Server startServer(Supplier<SslContext> context) throws InterruptedException {
        return new Server(context);
    }

    /**
     * Connects to {@code 127.0.0.1:port} with a handler made by {@code newHandler(alloc, host, port)},
     * as upstream connections do (or {@code newHandler(alloc)} when {@code host} is null), waits for the
     * handshake and the greeting, then closes.
     */
    public Outcome connect(SslContext client, String host, int port) throws Exception {
        CompletableFuture<String> greeting = new CompletableFuture<>();
        // Captured here: a refused handshake can close the channel (emptying its pipeline) before we look.
        java.util.concurrent.atomic.AtomicReference<SslHandler> handler = new java.util.concurrent.atomic.AtomicReference<>();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = host == null ? client.newHandler(ch.alloc()) : client.newHandler(ch.alloc(), host, port);
                        handler.set(tls);
                        ch.pipeline().addLast(tls, new LineReader(greeting));
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
        try {
            SslHandler ssl = handler.get();
            Future<Channel> handshake = ssl.handshakeFuture().await();
            if (!handshake.isSuccess()) {
                return new Outcome(handshake.cause(), null, null, null, null);
            }
            String line = greeting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            SSLSession session = ssl.engine().getSession();
            Certificate[] peer = session.getPeerCertificates();
            return new Outcome(null, session.getProtocol(), session.getCipherSuite(), (X509Certificate) peer[0], line);
        } finally {
            channel.close().sync();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Server side: records the handshake outcome and greets on success. */
    private static final class Greeter extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<SslHandshakeCompletionEvent> handshakes;

        Greeter(BlockingQueue<SslHandshakeCompletionEvent> handshakes) {
            this.handshakes = handshakes;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                handshakes.add(completion);
                if (completion.isSuccess()) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer(GREETING, StandardCharsets.US_ASCII));
                } else {
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Client side: completes with the first CRLF-terminated line; SimpleChannelInboundHandler releases. */
    private static final class LineReader extends SimpleChannelInboundHandler<ByteBuf> {
        private final CompletableFuture<String> line;
        private final StringBuilder received = new StringBuilder();

        LineReader(CompletableFuture<String> line) {
            this.line = line;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            received.append(msg.toString(StandardCharsets.US_ASCII));
            int end = received.indexOf("\r\n");
            if (end >= 0) {
                line.complete(received.substring(0, end + 2));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            line.completeExceptionally(new IllegalStateException("closed before a full line; got: " + received));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            line.completeExceptionally(cause);
            ctx.close();
        }
    }
}
