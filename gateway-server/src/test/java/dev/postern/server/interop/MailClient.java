package dev.postern.server.interop;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * A Jakarta Mail (Angus) IMAP client as a mail application would configure it: TLS with the server
 * certificate and host name checked, connecting from a chosen loopback address so that a test can
 * tell the client's address from the gateway's own.
 */
final class MailClient implements AutoCloseable {

    /** How the client protects its connection to Postern. */
    enum Security { IMPLICIT, STARTTLS }

    private static final String TIMEOUT_MILLIS = "10000";

    private final Store store;

    private MailClient(Store store) {
        this.store = store;
    }

    /** Connects to {@code localhost:port} from {@code local} (port 0: any) and logs in. */
    static MailClient login(Security security, int port, SSLContext trust, InetSocketAddress local, String user,
                            String password) throws MessagingException {
        String protocol = security == Security.IMPLICIT ? "imaps" : "imap";
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put(prefix + "ssl.socketFactory", trust.getSocketFactory());
        properties.put(prefix + "ssl.checkserveridentity", "true");
        properties.put(prefix + "localaddress", local.getAddress().getHostAddress());
        properties.put(prefix + "localport", Integer.toString(local.getPort()));
        properties.put(prefix + "connectiontimeout", TIMEOUT_MILLIS);
        properties.put(prefix + "timeout", TIMEOUT_MILLIS);
        if (security == Security.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        Store store = Session.getInstance(properties).getStore(protocol);
        store.connect("localhost", port, user, password);
        return new MailClient(store);
    }

    /** APPENDs the message (exactly these bytes) to INBOX and returns its UID. */
    long append(byte[] rfc822) throws MessagingException {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        MimeMessage message = new MimeMessage(null, new ByteArrayInputStream(rfc822));
        AppendUID[] uids = inbox.appendUIDMessages(new Message[] {message});
        if (uids.length != 1 || uids[0] == null) {
            throw new MessagingException("APPEND returned no APPENDUID (expected UIDPLUS from the upstream)");
        }
        return uids[0].uid;
    }

    /** FETCHes the whole message with {@code uid} from INBOX, as the server stores it. */
    byte[] fetch(long uid) throws MessagingException, IOException {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        try {
            IMAPMessage message = (IMAPMessage) inbox.getMessageByUID(uid);
            if (message == null) {
                throw new MessagingException("INBOX: no message with UID " + uid);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } finally {
            inbox.close(false);
        }
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
