package dev.postern.smtp.restrict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.relay.RelayStages;
import dev.postern.core.relay.SendQuota;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * One restricted SMTP session's two stages, made by {@link SubmitRestriction} as the login flow makes
 * them, in two {@link EmbeddedChannel}s. {@link #client} holds the {@link SubmitFilter}: what it passes
 * on is read from its inbound side ({@link #forwarded}); what the client hears is read from its
 * outbound side ({@link #heard}), where Postern's answers and, as the relay writes them, the upstream's
 * replies arrive in the order the client would read them. {@link #upstream} holds the
 * {@link ReplyWatch} and then a stage that writes each chunk to the client, as the relay does. Every
 * buffer the test writes comes from a {@link TrackingAllocator}; {@link #close} checks all were released.
 */
final class SubmitSession implements AutoCloseable {

    static final String USER = "me@example.com";
    static final String ALIAS = "alias@example.com";
    static final String APP_PASSWORD_ID = "ap-1";
    /** Send as self and the alias, no quota. */
    static final Limits SEND_AS = new Limits(List.of(Limits.SELF, ALIAS), List.of(), 0);
    static final String WITH_CHUNKING = "PIPELINING\nCHUNKING\n8BITMIME";
    static final String WITHOUT_CHUNKING = "PIPELINING\n8BITMIME";

    /** How the client's bytes are cut into reads. */
    enum Feed { WHOLE, BYTE_BY_BYTE }

    final TrackingAllocator allocator = new TrackingAllocator();
    final EmbeddedChannel client = new EmbeddedChannel();
    final EmbeddedChannel upstream = new EmbeddedChannel();

    SubmitSession() {
        this(SEND_AS, WITH_CHUNKING, SendQuota.UNLIMITED);
    }

    SubmitSession(Limits limits, String upstreamExtensions, SendQuota quota) {
        AuthResult.Success login = new AuthResult.Success(USER, APP_PASSWORD_ID, Set.of(Scope.SMTP), limits);
        RelayStages stages = SubmitRestriction.factory("smtp", quota).forLogin(login).orElseThrow()
                .newStages(upstreamExtensions);
        client.config().setAllocator(allocator);
        upstream.config().setAllocator(allocator);
        client.pipeline().addLast(stages.fromClient());
        Channel toClient = client;
        upstream.pipeline().addLast(stages.fromUpstream(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                toClient.writeAndFlush(msg);
            }
        });
    }

    /** The client sends {@code text}, in one read or one octet per read. */
    void send(String text, Feed feed) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (feed == Feed.WHOLE) {
            client.writeInbound(allocator.heapBuffer(bytes.length).writeBytes(bytes));
            return;
        }
        for (byte b : bytes) {
            if (!client.isOpen()) {
                return;
            }
            client.writeInbound(allocator.heapBuffer(1).writeByte(b));
        }
    }

    void send(String text) {
        send(text, Feed.WHOLE);
    }

    /** The upstream replies {@code text} in one chunk; it reaches the client untouched. */
    void reply(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        upstream.writeInbound(allocator.heapBuffer(bytes.length).writeBytes(bytes));
    }

    /** Runs what was handed to the client's event loop (a quota's answer). */
    void runPendingTasks() {
        client.runPendingTasks();
    }

    /** Everything the filter passed on to the upstream since the last call. */
    String forwarded() {
        return drain(client, true);
    }

    /** Everything the client heard since the last call, Postern's answers and the upstream's replies in order. */
    String heard() {
        return drain(client, false);
    }

    private static String drain(EmbeddedChannel channel, boolean inbound) {
        StringBuilder text = new StringBuilder();
        for (Object msg; (msg = inbound ? channel.readInbound() : channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            text.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }

    @Override
    public void close() {
        forwarded();
        heard();
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
        allocator.assertAllReleased();
    }
}
