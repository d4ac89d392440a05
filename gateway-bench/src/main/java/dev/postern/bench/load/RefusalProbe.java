package dev.postern.bench.load;

import dev.postern.core.auth.AppPasswordFormat;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * One attempt of the refusal-timing probe: a fresh connection (so no per-connection failure cap
 * closes it), TLS as the target says, one login with a random wrong password in Postern's
 * app-password format, timed from the moment the login's last byte is written to the moment its
 * tagged reply arrives; then the connection is closed. The reply must be a tagged {@code NO}.
 * The wrong password is never printed.
 */
final class RefusalProbe {

    private final Wire wire;
    private final Target target;
    private final SecureRandom random = new SecureRandom();

    RefusalProbe(Wire wire, Target target) {
        this.wire = wire;
        this.target = target;
    }

    /** A random secret as Postern shows app passwords: 28 Crockford base32 characters, {@code xxxx-xxxx-...}. */
    static String wrongPassword(SecureRandom random) {
        return AppPasswordFormat.display(AppPasswordFormat.generateCanonical(random));
    }

    /** Completes with the refusal's latency in nanoseconds, or fails (not refused with NO, no reply, ...). */
    CompletableFuture<Long> attempt(String user) {
        String password;
        synchronized (random) {
            password = wrongPassword(random);
        }
        return MailConnection.open(wire, target, true).thenCompose(c -> refused(c, user, password)
                .whenComplete((nanos, e) -> c.close()));
    }

    private CompletableFuture<Long> refused(MailConnection c, String user, String password) {
        String tag = c.nextTag();
        CompletableFuture<MailConnection.TimedReply> reply;
        if (target.mechanism() == Mechanism.LOGIN) {
            reply = c.sendTimed(tag + " LOGIN " + ImapClient.quoted(user) + " " + ImapClient.quoted(password),
                    MailConnection.tagged(tag));
        } else {
            String payload = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            reply = c.send(tag + " AUTHENTICATE PLAIN", MailConnection.continuationOr(tag)).thenCompose(first -> {
                if (!first.startsWith("+")) {
                    throw new IllegalStateException("AUTHENTICATE PLAIN: " + first);
                }
                return c.sendTimed(payload, MailConnection.tagged(tag));
            });
        }
        return reply.thenApply(r -> {
            if (!r.line().startsWith(tag + " NO")) {
                throw new IllegalStateException("expected a tagged NO for a wrong password, got: " + r.line());
            }
            return r.nanos();
        });
    }
}
