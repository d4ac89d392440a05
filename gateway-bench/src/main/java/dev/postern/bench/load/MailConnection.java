package dev.postern.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One IMAP or SMTP connection of the load generator: send a line (or raw bytes) and wait for the
 * reply line that ends it. Every step runs on the channel's event loop; the futures complete there.
 */
final class MailConnection {

    /** The tagged reply of an IMAP command. */
    static Predicate<String> tagged(String tag) {
        String prefix = tag + " ";
        return line -> line.startsWith(prefix);
    }

    /** The last line of an SMTP reply ({@code 250 ...}, not {@code 250-...}). */
    static final Predicate<String> SMTP_FINAL = line -> line.length() >= 4 && line.charAt(3) == ' ';

    /** An IMAP continuation request or a tagged reply. */
    static Predicate<String> continuationOr(String tag) {
        Predicate<String> tagged = tagged(tag);
        return line -> line.startsWith("+") || tagged.test(line);
    }

    private final Channel channel;
    private final ReplyReader reader;
    private final Target target;
    private int nextTag;

    private MailConnection(Channel channel, ReplyReader reader, Target target) {
        this.channel = channel;
        this.reader = reader;
        this.target = target;
    }

    /**
     * Connects to the target's IMAP or SMTP port and completes after the greeting, with TLS in place
     * (implicit: handshake first; STARTTLS: greeting, upgrade, and for SMTP a second EHLO).
     */
    static CompletableFuture<MailConnection> open(Wire wire, Target target, boolean imap) {
        Predicate<String> greeting = imap ? line -> line.startsWith("* ") : SMTP_FINAL;
        ReplyReader reader = new ReplyReader(imap, greeting);
        int port = imap ? target.imapPort() : target.smtpPort();
        CompletableFuture<Channel> connected = wire.connect(target.host(), port, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (target.tlsMode() == TlsMode.IMPLICIT) {
                    ch.pipeline().addLast("tls", target.newTlsHandler(ch.alloc(), port));
                }
                ch.pipeline().addLast("reader", reader);
            }
        });
        return connected.thenCompose(ch -> {
            MailConnection connection = new MailConnection(ch, reader, target);
            CompletableFuture<String> greeted = reader.greeting();
            CompletableFuture<MailConnection> ready = greeted.thenApply(line -> connection);
            if (target.tlsMode() == TlsMode.STARTTLS) {
                ready = imap ? greeted.thenCompose(g -> connection.command("STARTTLS"))
                        .thenCompose(reply -> connection.upgrade())
                        : greeted.thenCompose(g -> connection.smtp("EHLO loadgen.invalid"))
                        .thenCompose(r -> connection.smtp("STARTTLS"))
                        .thenCompose(r -> connection.upgrade());
            }
            return ready.whenComplete((c, e) -> {
                if (e != null) {
                    ch.close();
                }
            });
        });
    }

    private CompletableFuture<MailConnection> upgrade() {
        return onLoop(() -> {
            SslHandler tls = target.newTlsHandler(channel.alloc(),
                    ((java.net.InetSocketAddress) channel.remoteAddress()).getPort());
            channel.pipeline().addFirst("tls", tls);
            CompletableFuture<MailConnection> done = new CompletableFuture<>();
            tls.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    done.complete(this);
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
            return done;
        });
    }

    /** The next command tag ({@code A1}, {@code A2}, ...), for a command sent with {@link #send}. */
    String nextTag() {
        return "A" + (++nextTag);
    }

    /** Sends an IMAP command with a fresh tag; completes with the tagged reply, failing unless OK. */
    CompletableFuture<String> command(String command) {
        String tag = "A" + (++nextTag);
        return send(tag + " " + command, tagged(tag)).thenApply(reply -> expectOk(reply, tag + " OK", command));
    }

    /** Sends an IMAP command and completes with the continuation request or the tagged reply. */
    CompletableFuture<String> commandExpectingContinuation(String command) {
        String tag = "A" + (++nextTag);
        return send(tag + " " + command, continuationOr(tag));
    }

    /** Sends an SMTP command; completes with the last reply line, failing on 4xx/5xx. */
    CompletableFuture<String> smtp(String command) {
        return send(command, SMTP_FINAL).thenApply(reply -> {
            if (reply.charAt(0) != '2' && reply.charAt(0) != '3') {
                throw new IllegalStateException(firstWord(command) + ": " + reply);
            }
            return reply;
        });
    }

    /** Sends one line (CRLF added) and waits for the reply line {@code until} accepts. */
    CompletableFuture<String> send(String line, Predicate<String> until) {
        return sendBytes(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.UTF_8), until);
    }

    /** Sends raw bytes (released by the write) and waits for the reply line {@code until} accepts. */
    CompletableFuture<String> sendBytes(ByteBuf bytes, Predicate<String> until) {
        return onLoop(() -> {
            CompletableFuture<String> reply = reader.await(channel.pipeline().context(reader), until, describe(bytes));
            channel.writeAndFlush(bytes).addListener(f -> {
                if (!f.isSuccess()) {
                    channel.close();
                }
            });
            return reply;
        });
    }

    /** A reply line and how long after the request's last byte was written it arrived. */
    record TimedReply(String line, long nanos) {
    }

    /**
     * As {@link #send}, timed: from the moment the write of the line's last byte completed (to the
     * socket, after TLS) to the moment the line {@code until} accepts has been read, by
     * {@link System#nanoTime()} on the event loop.
     */
    CompletableFuture<TimedReply> sendTimed(String line, Predicate<String> until) {
        ByteBuf bytes = Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.UTF_8);
        return onLoop(() -> {
            CompletableFuture<String> reply = reader.await(channel.pipeline().context(reader), until, describe(bytes));
            long[] written = {System.nanoTime()};
            channel.writeAndFlush(bytes).addListener(f -> {
                if (f.isSuccess()) {
                    written[0] = System.nanoTime();
                } else {
                    channel.close();
                }
            });
            // completes on the event loop as the line is read, so the time is taken then
            return reply.thenApply(text -> new TimedReply(text, System.nanoTime() - written[0]));
        });
    }

    long bytesIn() {
        return reader.bytesIn();
    }

    Channel channel() {
        return channel;
    }

    /** Closes the connection; completes when closed. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(f -> closed.complete(null));
        return closed;
    }

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> step) {
        if (channel.eventLoop().inEventLoop()) {
            return step.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> step.get().whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        }));
        return result;
    }

    private static final java.util.Set<String> VERBS = java.util.Set.of("LOGIN", "AUTHENTICATE", "SELECT", "EXAMINE",
            "FETCH", "NOOP", "IDLE", "DONE", "LOGOUT", "STARTTLS", "CAPABILITY", "EHLO", "AUTH", "MAIL", "RCPT", "DATA",
            "QUIT", "RSET");

    /** The command's verb, for messages; anything else (a SASL response, a message body) is not named. */
    private static String describe(ByteBuf bytes) {
        int n = Math.min(bytes.readableBytes(), 40);
        String[] words = bytes.toString(bytes.readerIndex(), n, StandardCharsets.ISO_8859_1).split("[ \\r\\n]+");
        String verb = words.length > 1 && words[0].matches("A\\d+") ? words[1] : words.length > 0 ? words[0] : "";
        return VERBS.contains(verb) ? verb : "the reply to a challenge or a message body";
    }

    private static String expectOk(String reply, String ok, String command) {
        if (!reply.startsWith(ok)) {
            throw new IllegalStateException(firstWord(command) + ": " + reply);
        }
        return reply;
    }

    private static String firstWord(String command) {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }
}
