package dev.postern.server.views;

import java.util.Objects;

/**
 * One server setting a mail app needs, from the gateway's configuration: a protocol's host name and
 * one of its listeners' ports with its security.
 *
 * @param protocol  as a mail app names it: {@code IMAP}, {@code SMTP}, {@code POP3}
 * @param host      the protocol's {@code host-name}
 * @param port      the listener's port
 * @param security  as a mail app names it: {@code SSL/TLS} or {@code STARTTLS}
 */
public record MailServer(String protocol, String host, int port, String security) {

    public MailServer {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
    }
}
