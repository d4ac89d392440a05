package dev.postern.pop3.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.ingress.Transport;
import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Runs {@link Pop3UpstreamLogin} on real sockets through the gateway's own {@link UpstreamConnector}. */
final class UpstreamLogins {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private UpstreamLogins() {
    }

    static UpstreamEndpoint plain(int port) {
        return endpoint(port, UpstreamEndpoint.Security.NONE, null, Duration.ofSeconds(10));
    }

    static UpstreamEndpoint endpoint(int port, UpstreamEndpoint.Security security, SslContext tls, Duration loginTimeout) {
        return new UpstreamEndpoint("127.0.0.1", port, security, tls, "localhost", Duration.ofSeconds(5), loginTimeout);
    }

    /** The connector the gateway would build for a POP3 upstream. */
    static UpstreamConnector connector(UpstreamEndpoint endpoint, boolean forwardClientIp) {
        return new UpstreamConnector(Transport.nio(), endpoint, (identity, ep, promise) ->
                new Pop3UpstreamLogin(identity, ep, promise, Pop3UpstreamLogin.Purpose.LOGIN, forwardClientIp));
    }

    /** Logs in and waits for the outcome. */
    static Future<UpstreamSession> login(EventLoopGroup group, UpstreamEndpoint endpoint, UpstreamIdentity identity,
                                         boolean forwardClientIp) {
        UpstreamConnector.LoginFactory login = (id, ep, promise) ->
                new Pop3UpstreamLogin(id, ep, promise, Pop3UpstreamLogin.Purpose.LOGIN, forwardClientIp);
        return await(new UpstreamConnector(Transport.nio(), endpoint, login).connect(group.next(), identity, login));
    }

    /** Runs a probe and waits for the outcome. */
    static Future<UpstreamSession> probe(EventLoopGroup group, UpstreamEndpoint endpoint) {
        return await(connector(endpoint, false).connect(group.next(), null, (id, ep, promise) ->
                new Pop3UpstreamLogin(id, ep, promise, Pop3UpstreamLogin.Purpose.PROBE, false)));
    }

    private static Future<UpstreamSession> await(Future<UpstreamSession> result) {
        assertThat(result.awaitUninterruptibly(WAIT.toMillis())).as("dialogue finished within " + WAIT).isTrue();
        return result;
    }

    static UpstreamSession session(Future<UpstreamSession> result) {
        assertThat(result.cause()).as("login failure").isNull();
        return result.getNow();
    }

    static UpstreamFailure failure(Future<UpstreamSession> result) {
        assertThat(result.isSuccess()).as("the login should have failed").isFalse();
        assertThat(result.cause()).isInstanceOf(UpstreamFailure.class);
        return (UpstreamFailure) result.cause();
    }

    /**
     * Takes over a logged-in session as the relay would: the login stage leaves the pipeline, lines
     * the upstream sends are collected, and reading is switched on again.
     */
    static Talk talk(UpstreamSession session) {
        Talk talk = new Talk(session.channel());
        Channel channel = session.channel();
        channel.eventLoop().submit(() -> {
            channel.pipeline().replace(PipelineNames.UPSTREAM_LOGIN, "test-talk", talk.reader());
            channel.config().setAutoRead(true);
        }).syncUninterruptibly();
        return talk;
    }

    /** Commands to a logged-in upstream session and its answer lines. */
    static final class Talk implements AutoCloseable {

        private final Channel channel;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Talk(Channel channel) {
            this.channel = channel;
        }

        private SimpleChannelInboundHandler<ByteBuf> reader() {
            return new SimpleChannelInboundHandler<>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                    lines.add(line.toString(StandardCharsets.ISO_8859_1));
                }
            };
        }

        /** Sends a command and returns its one-line answer. */
        String command(String command) throws InterruptedException {
            channel.writeAndFlush(Unpooled.copiedBuffer(command + "\r\n", StandardCharsets.ISO_8859_1));
            return line();
        }

        /** Sends a command and returns its multi-line answer: status line, then the lines up to the {@code .}. */
        List<String> multiLine(String command) throws InterruptedException {
            List<String> answer = new ArrayList<>();
            answer.add(command(command));
            if (!answer.get(0).startsWith("+OK")) {
                return answer;
            }
            for (String line = line(); !line.equals("."); line = line()) {
                answer.add(line);
            }
            return answer;
        }

        private String line() throws InterruptedException {
            String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("an answer within " + WAIT).isNotNull();
            return line;
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
        }
    }
}
