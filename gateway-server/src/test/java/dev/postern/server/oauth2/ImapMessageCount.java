package dev.postern.server.oauth2;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/** How many messages a real IMAP client (Jakarta Mail) finds in INBOX through a gateway's IMAPS port. */
final class ImapMessageCount {

    private ImapMessageCount() {
    }

    static int of(SSLContext clientTls, int port, String user, String password) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", clientTls.getSocketFactory());
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "10000");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect("localhost", port, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = inbox.getMessageCount();
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }
}
