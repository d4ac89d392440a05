package dev.postern.bench.load;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Objects;

/**
 * One server under test (Postern, the upstream directly, or another proxy): where it listens for
 * IMAP and SMTP, how to secure and log in, and optionally its process id for memory figures.
 *
 * @param label     how reports name it ({@code direct}, {@code postern}, ...)
 * @param tls       null when {@code tlsMode} is {@link TlsMode#NONE}
 * @param users     the accounts to log in as; client {@code i} uses {@code users[i % size]}
 * @param pid       the server's process id, or 0 when unknown
 * @param resumeTls whether TLS handlers carry the server's host and port, so the provider may resume
 *                  sessions as a mail client would; without, every connection does a full handshake
 */
public record Target(String label, String host, int imapPort, int smtpPort, TlsMode tlsMode, SslContext tls,
                     List<String> users, String password, Mechanism mechanism, long pid, boolean resumeTls) {

    /** A target whose TLS sessions may be resumed. */
    public Target(String label, String host, int imapPort, int smtpPort, TlsMode tlsMode, SslContext tls,
                  List<String> users, String password, Mechanism mechanism, long pid) {
        this(label, host, imapPort, smtpPort, tlsMode, tls, users, password, mechanism, pid, true);
    }

    public Target {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(mechanism, "mechanism");
        if (users.isEmpty()) {
            throw new IllegalArgumentException("users: [] (expected: at least one user)");
        }
        if (tlsMode != TlsMode.NONE) {
            Objects.requireNonNull(tls, "tls");
        }
        users = List.copyOf(users);
    }

    /** A new TLS handler for a connection to {@code port}: resumable, or always a full handshake. */
    io.netty.handler.ssl.SslHandler newTlsHandler(io.netty.buffer.ByteBufAllocator alloc, int port) {
        return resumeTls ? tls.newHandler(alloc, host, port) : tls.newHandler(alloc);
    }

    /** The account of client number {@code client}. */
    public String user(int client) {
        return users.get(Math.floorMod(client, users.size()));
    }

    @Override
    public String toString() {
        // No password here.
        return label + " " + host + " imap " + imapPort + " smtp " + smtpPort + " tls " + tlsMode + " " + mechanism;
    }
}
