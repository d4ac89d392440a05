package dev.postern.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads server replies line by line and completes the one pending wait when a line ends it (a
 * tagged IMAP reply, the last line of an SMTP reply, ...). IMAP literals ({@code {n}}) are skipped
 * without copying, so a large FETCH costs the generator little. Lines nobody waits for (untagged
 * data, IDLE updates) are dropped. Runs on the channel's event loop only, so no field is volatile.
 */
final class ReplyReader extends ChannelInboundHandlerAdapter {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");
    private static final int MAX_LINE = 16 * 1024;
    static final long TIMEOUT_SECONDS = 30;

    private final boolean imap;
    private final StringBuilder line = new StringBuilder(128);
    private long literalRemaining;
    private long bytesIn;
    private Predicate<String> until;
    private CompletableFuture<String> pending;
    private CompletableFuture<String> greetingFuture;

    /**
     * @param greeting the line that ends the server's greeting: waited for from the start, so a
     *                 greeting that comes before anyone asks is not lost
     */
    ReplyReader(boolean imap, Predicate<String> greeting) {
        this.imap = imap;
        this.until = greeting;
        this.pending = new CompletableFuture<>();
    }

    /** Completes with the greeting's last line. */
    CompletableFuture<String> greeting() {
        return greetingFuture;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        greetingFuture = pending;
        armTimeout(ctx, greetingFuture, "greeting");
    }

    /**
     * Waits for the line that {@code done} accepts; call on the event loop. A wait that takes longer
     * than {@link #TIMEOUT_SECONDS} fails and closes the connection, so every run stays bounded.
     */
    CompletableFuture<String> await(ChannelHandlerContext ctx, Predicate<String> done, String what) {
        if (pending != null && !pending.isDone()) {
            throw new IllegalStateException("a wait is already pending");
        }
        CompletableFuture<String> future = new CompletableFuture<>();
        until = done;
        pending = future;
        armTimeout(ctx, future, what);
        return future;
    }

    private static void armTimeout(ChannelHandlerContext ctx, CompletableFuture<String> future, String what) {
        ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
            if (future.completeExceptionally(new TimeoutException(what + ": no reply within " + TIMEOUT_SECONDS + " s"))) {
                ctx.close();
            }
        }, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        future.whenComplete((line, failure) -> timeout.cancel(false));
    }

    long bytesIn() {
        return bytesIn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            bytesIn += buf.readableBytes();
            while (buf.isReadable()) {
                if (literalRemaining > 0) {
                    int skip = (int) Math.min(literalRemaining, buf.readableBytes());
                    buf.skipBytes(skip);
                    literalRemaining -= skip;
                    continue;
                }
                int lf = buf.forEachByte(ByteProcessor.FIND_LF);
                int end = lf < 0 ? buf.writerIndex() : lf;
                int length = end - buf.readerIndex();
                if (line.length() + length <= MAX_LINE) {
                    line.append(buf.toString(buf.readerIndex(), length, StandardCharsets.ISO_8859_1));
                }
                buf.readerIndex(lf < 0 ? end : end + 1);
                if (lf >= 0) {
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') {
                        line.setLength(n - 1);
                    }
                    String text = line.toString();
                    line.setLength(0);
                    onLine(text);
                }
            }
        } finally {
            buf.release();
        }
    }

    private void onLine(String text) {
        if (imap && text.endsWith("}")) {
            Matcher literal = LITERAL.matcher(text);
            if (literal.find()) {
                literalRemaining = Long.parseLong(literal.group(1));
            }
        }
        if (pending != null && !pending.isDone() && until.test(text)) {
            CompletableFuture<String> done = pending;
            pending = null;
            until = null;
            done.complete(text);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new IllegalStateException("connection closed by the server"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    private void fail(Throwable cause) {
        if (pending != null && !pending.isDone()) {
            CompletableFuture<String> done = pending;
            pending = null;
            done.completeExceptionally(cause);
        }
    }
}
