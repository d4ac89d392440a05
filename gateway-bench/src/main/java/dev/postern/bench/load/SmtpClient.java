package dev.postern.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** The SMTP steps of the submit scenario: open, EHLO, AUTH. */
final class SmtpClient {

    static final String HELO = "EHLO loadgen.invalid";

    private SmtpClient() {
    }

    /** Connects, secures, says EHLO and authenticates as the target's user number {@code client}. */
    static CompletableFuture<MailConnection> openAuthenticated(Wire wire, Target target, int client) {
        String user = target.user(client);
        return MailConnection.open(wire, target, false)
                .thenCompose(c -> c.smtp(HELO).thenCompose(r -> auth(c, user, target.password(), target.mechanism()))
                        .thenApply(r -> c));
    }

    private static CompletableFuture<String> auth(MailConnection c, String user, String password, Mechanism mechanism) {
        Base64.Encoder b64 = Base64.getEncoder();
        if (mechanism == Mechanism.PLAIN) {
            String payload = b64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            return secretStep(c, "AUTH PLAIN " + payload, "235", user);
        }
        return c.smtp("AUTH LOGIN")
                .thenCompose(r -> secretStep(c, b64.encodeToString(user.getBytes(StandardCharsets.UTF_8)), "334", user))
                .thenCompose(r -> secretStep(c, b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)), "235", user));
    }

    /** A step whose line holds a secret: the error names the user and the reply, never the line. */
    private static CompletableFuture<String> secretStep(MailConnection c, String line, String expected, String user) {
        return c.send(line, MailConnection.SMTP_FINAL).thenApply(reply -> {
            if (!reply.startsWith(expected)) {
                throw new IllegalStateException("AUTH refused for " + user + ": " + reply);
            }
            return reply;
        });
    }
}
