package dev.postern.pop3.front;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.ingress.Transport;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamLogin;
import dev.postern.pop3.codec.Pop3LineDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The success path on loopback sockets: an accepted login is answered {@code +OK Logged in.} and the
 * commands the client pipelined behind its {@code PASS} or {@code AUTH} reach the upstream, in order,
 * through the relay. The upstream is a stand-in whose login dialogue succeeds on its greeting (the
 * real POP3 upstream login has its own tests).
 */
class Pop3FrontHandOffTest {

    private static final long WAIT_SECONDS = 10;
    private static final String PIPELINED = "STAT\r\nLIST 1\r\nUIDL\r\n";

    private EventLoopGroup group;
    private Channel upstreamServer;
    private Channel gatewayServer;
    /** What the upstream received after its greeting; touched on the one event loop only. */
    private final StringBuilder upstreamReceived = new StringBuilder();
    private final CompletableFuture<String> upstreamGotEverything = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        Transport transport = Transport.nio();
        group = transport.newGroup(1);
        upstreamServer = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), "+OK stand-in upstream\r\n"));
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        upstreamReceived.append(buf.toString(StandardCharsets.US_ASCII));
                        buf.release();
                        if (upstreamReceived.length() >= PIPELINED.length()) {
                            upstreamGotEverything.complete(upstreamReceived.toString());
                            ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), "+OK 2 320\r\n"));
                        }
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        int upstreamPort = ((InetSocketAddress) upstreamServer.localAddress()).getPort();
        UpstreamEndpoint endpoint = new UpstreamEndpoint("127.0.0.1", upstreamPort, UpstreamEndpoint.Security.NONE,
                null, "stand-in", Duration.ofSeconds(WAIT_SECONDS), Duration.ofSeconds(WAIT_SECONDS));
        UpstreamConnector connector = new UpstreamConnector(transport, endpoint,
                (identity, at, promise) -> new UpstreamLogin(identity, at, promise) {
                    @Override
                    protected void onLine(String line) {
                        succeed(""); // the greeting: logged in, as far as this test goes
                    }
                });
        ProtocolContext context = new ProtocolContext(
                attempt -> CompletableFuture.completedFuture(new AuthResult.Success(attempt.user().value(), "ap-1",
                        Set.of(Scope.POP3))),
                connector, UpstreamCredentials.masterUser("master", "secret"), () -> {
                    throw new AssertionError("no TLS here");
                }, Duration.ofSeconds(WAIT_SECONDS), Duration.ofSeconds(2), new AuditLog(), () -> SessionListener.NONE,
                GatewayMetrics.noop(), FailureThrottle.fixedDelay(Duration.ofSeconds(2)), group);
        Pop3FrontSettings settings = Pop3FrontSettings.defaults();
        Pop3Service service = new Pop3Service(context, settings, java.util.List::of);
        gatewayServer = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.DECODER,
                                new Pop3LineDecoder(settings.maxLine(), Pop3LineDecoder.DEFAULT_MAX_SUSPENDED));
                        ch.pipeline().addLast(PipelineNames.FRONT,
                                new Pop3FrontHandler(service, ListenerTls.NONE, "test"));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() throws Exception {
        gatewayServer.close().sync();
        upstreamServer.close().sync();
        group.shutdownGracefully(0, WAIT_SECONDS, TimeUnit.SECONDS).sync();
    }

    @Test
    void shouldRelayCommandsPipelinedBehindUserAndPassInOrder() throws Exception {
        loginAndCheckHandOff("USER alice@example.org\r\nPASS secret\r\n", "+OK Send PASS.");
    }

    @Test
    void shouldRelayCommandsPipelinedBehindAuthPlainInOrder() throws Exception {
        String response = Base64.getEncoder().encodeToString("\0alice@example.org\0secret".getBytes(StandardCharsets.UTF_8));
        loginAndCheckHandOff("AUTH PLAIN " + response + "\r\n", null);
    }

    /** Sends the login and the pipelined commands in one write; {@code userReply} is the reply before the login's, if any. */
    private void loginAndCheckHandOff(String login, String userReply) throws Exception {
        int port = ((InetSocketAddress) gatewayServer.localAddress()).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).isEqualTo("+OK Postern POP3 ready.");

            out.write((login + PIPELINED).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            if (userReply != null) {
                assertThat(in.readLine()).isEqualTo(userReply);
            }
            assertThat(in.readLine()).isEqualTo("+OK Logged in.");
            assertThat(upstreamGotEverything.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(PIPELINED);
            assertThat(in.readLine()).isEqualTo("+OK 2 320"); // and the upstream's answers come back
        }
    }
}
