package dev.postern.server.pop3;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/** Reads every subject in INBOX with Jakarta Mail's POP3 client, as a user's mail program would. */
public final class Pop3Subjects {

    private Pop3Subjects() {
    }

    /**
     * @param implicitTls   POP3S from the first byte; otherwise STLS, required
     * @param localAddress  the address to connect from, or null for any
     */
    public static List<String> read(int port, boolean implicitTls, SSLContext tls, String localAddress, String user,
                                    String password) throws Exception {
        String protocol = implicitTls ? "pop3s" : "pop3";
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", "localhost");
        props.put("mail." + protocol + ".port", Integer.toString(port));
        props.put("mail." + protocol + ".ssl.socketFactory", tls.getSocketFactory());
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        props.put("mail." + protocol + ".timeout", "30000");
        if (localAddress != null) {
            props.put("mail." + protocol + ".localaddress", localAddress);
        }
        if (!implicitTls) {
            props.put("mail.pop3.starttls.enable", "true");
            props.put("mail.pop3.starttls.required", "true");
        }
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            inbox.close(false);
            return subjects;
        } finally {
            store.close();
        }
    }
}
