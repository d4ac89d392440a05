package dev.postern.server;

import dev.postern.core.protocol.Protocol;
import dev.postern.imap.ImapProtocol;
import dev.postern.pop3.Pop3Protocol;
import dev.postern.smtp.SmtpProtocol;
import java.util.List;

/** The protocols this gateway can serve, in the order they start. A new protocol module registers here. */
final class Protocols {

    static final List<Protocol> ALL = List.of(new ImapProtocol(), new SmtpProtocol(), new Pop3Protocol());

    private Protocols() {
    }
}
