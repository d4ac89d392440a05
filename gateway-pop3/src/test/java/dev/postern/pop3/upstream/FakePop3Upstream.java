package dev.postern.pop3.upstream;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted POP3 server on a loopback port: it greets every connection, records every line it
 * reads, and answers each with what the {@link Script} says, so a test can play any upstream
 * (one without CAPA, one that says {@code [SYS/TEMP]}, one that never answers) on a real socket.
 */
final class FakePop3Upstream implements AutoCloseable {

    /** What the server does with one line it read. */
    @FunctionalInterface
    interface Script {
        void onLine(Conversation conversation, String line);
    }

    /** One connection, as the script sees it. */
    static final class Conversation {

        private final ChannelHandlerContext ctx;
        private final SslContext tls;

        private Conversation(ChannelHandlerContext ctx, SslContext tls) {
            this.ctx = ctx;
            this.tls = tls;
        }

        /** Sends {@code text} as it is (give the CRLFs). */
        void say(String text) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        }

        /** Closes the connection. */
        void close() {
            ctx.close();
        }

        /** Sends {@code +OK} to STLS and starts the server side of the TLS handshake. */
        void startTls() {
            say("+OK Begin TLS negotiation now.\r\n");
            ctx.pipeline().addFirst(tls.newHandler(ctx.alloc()));
        }
    }

    private final Channel server;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.concurrent.Semaphore connected = new java.util.concurrent.Semaphore(0);
    private final java.util.Queue<Channel> children = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private FakePop3Upstream(EventLoopGroup group, String greeting, SslContext tls, Script script) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        connected.release();
                        children.add(ch);
                        ch.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            private Conversation conversation;

                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                conversation = new Conversation(ctx, tls);
                                if (greeting != null) {
                                    conversation.say(greeting);
                                }
                            }

                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                                String text = line.toString(StandardCharsets.ISO_8859_1);
                                received.add(text);
                                script.onLine(conversation, text);
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Starts a server that greets with {@code greeting} (null: says nothing) and answers by {@code script}. */
    static FakePop3Upstream start(EventLoopGroup group, String greeting, Script script) throws InterruptedException {
        return new FakePop3Upstream(group, greeting, null, script);
    }

    /** As {@link #start}, able to {@link Conversation#startTls()} with {@code tls}. */
    static FakePop3Upstream startWithTls(EventLoopGroup group, String greeting, SslContext tls, Script script)
            throws InterruptedException {
        return new FakePop3Upstream(group, greeting, tls, script);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The next line the server read, waiting up to 5 s; null if none came. */
    String nextLine() throws InterruptedException {
        return received.poll(5, TimeUnit.SECONDS);
    }

    /** Every line read so far and not yet taken by {@link #nextLine()}. */
    java.util.List<String> drain() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        received.drainTo(lines);
        return lines;
    }

    int connections() {
        return connections.get();
    }

    /** Waits up to 5 s for {@code count} more connections than were awaited before; whether they came. */
    boolean awaitConnections(int count) throws InterruptedException {
        return connected.tryAcquire(count, 5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        children.forEach(child -> child.close().syncUninterruptibly());
    }
}
