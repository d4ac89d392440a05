package dev.postern.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** The IMAP steps of the scenarios: open and log in, select, log out. */
final class ImapClient {

    private ImapClient() {
    }

    /** Connects, secures and logs in as the target's user number {@code client}. */
    static CompletableFuture<MailConnection> openLoggedIn(Wire wire, Target target, int client) {
        return MailConnection.open(wire, target, true)
                .thenCompose(c -> login(c, target.user(client), target.password(), target.mechanism()).thenApply(r -> c));
    }

    static CompletableFuture<String> login(MailConnection c, String user, String password, Mechanism mechanism) {
        if (mechanism == Mechanism.LOGIN) {
            return c.command("LOGIN " + quoted(user) + " " + quoted(password))
                    .exceptionally(e -> {
                        throw new IllegalStateException("LOGIN refused for " + user + " (" + rootMessage(e) + ")");
                    });
        }
        String payload = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return c.commandExpectingContinuation("AUTHENTICATE PLAIN").thenCompose(first -> {
            if (!first.startsWith("+")) {
                throw new IllegalStateException("AUTHENTICATE PLAIN: " + first);
            }
            // The tagged reply of the pending AUTHENTICATE ends the wait (untagged lines may come first).
            return c.send(payload, line -> !line.startsWith("+") && !line.startsWith("*")).thenApply(reply -> {
                if (!reply.contains(" OK")) {
                    throw new IllegalStateException("AUTHENTICATE PLAIN refused for " + user + ": " + reply);
                }
                return reply;
            });
        });
    }

    /** Logs out and closes; never fails (a server that closes first is fine). */
    static CompletableFuture<Void> logout(MailConnection c) {
        return c.command("LOGOUT").handle((r, e) -> null).thenCompose(x -> c.close());
    }

    static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
