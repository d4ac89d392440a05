package dev.postern.bench.load;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * {@code submit}: C clients, each on one authenticated SMTP session, send message after message
 * (MAIL FROM, RCPT TO, DATA); messages/s and the per-message latency.
 */
final class SubmitScenario implements Scenario {

    @Override
    public String name() {
        return "submit";
    }

    @Override
    public boolean servedBy(Target target) {
        return target.smtpPort() > 0;
    }

    @Override
    public Figures run(Wire wire, Target target, ScenarioOptions options) throws Exception {
        MailConnection[] sessions = new MailConnection[options.clients];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = SmtpClient.openAuthenticated(wire, target, i).get();
        }
        byte[] body = message(target.user(0), options.rcpt, options.messageKib * 1024);
        try {
            ClosedLoop.Result result = ClosedLoop.run(options.clients, options.warmup, options.duration, target.pid(), client -> {
                MailConnection c = sessions[client];
                long start = System.nanoTime();
                return c.smtp("MAIL FROM:<" + target.user(client) + ">")
                        .thenCompose(r -> c.smtp("RCPT TO:<" + options.rcpt + ">"))
                        .thenCompose(r -> c.smtp("DATA"))
                        .thenCompose(r -> sendBody(c, body))
                        .thenApply(r -> System.nanoTime() - start);
            });
            return new Figures()
                    .put("messages/s", result.perSecond(), "1/s", true)
                    .put("message p50", result.micros(50) / 1000, "ms", false)
                    .put("message p99", result.micros(99) / 1000, "ms", false)
                    .put("server cpu/message", result.serverCpuPerOp(), "ms", false)
                    .put("errors", result.errors(), "", false)
                    .note(result.firstError());
        } finally {
            for (MailConnection c : sessions) {
                c.smtp("QUIT").handle((r, e) -> null).thenCompose(x -> c.close()).get();
            }
        }
    }

    private static CompletableFuture<String> sendBody(MailConnection c, byte[] body) {
        return c.sendBytes(Unpooled.wrappedBuffer(body), MailConnection.SMTP_FINAL).thenApply(reply -> {
            if (!reply.startsWith("250")) {
                throw new IllegalStateException("end of DATA: " + reply);
            }
            return reply;
        });
    }

    /** A plain-text message of about {@code size} bytes, dot-terminated, no line starting with a dot. */
    static byte[] message(String from, String to, int size) {
        StringBuilder text = new StringBuilder(size + 200)
                .append("From: <").append(from).append(">\r\n")
                .append("To: <").append(to).append(">\r\n")
                .append("Subject: postern-bench submit\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (text.length() < size) {
            text.append(line);
        }
        return text.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
