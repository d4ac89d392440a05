package dev.postern.server.imap;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The upstream side of the tests: GreenMail on loopback, and messages as exact bytes. */
final class Upstreams {

    private Upstreams() {
    }

    /** GreenMail serving IMAP on {@code 127.0.0.1:port} (0: a free port) with one user. */
    static GreenMail greenMail(int port, String user, String password) {
        ServerSetup imap = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        GreenMail greenMail = new GreenMail(new ServerSetup[] {port == 0 ? imap.dynamicPort() : imap});
        greenMail.start();
        greenMail.setUser(user, user, password);
        return greenMail;
    }

    /** A small RFC 5322 message with CRLF line endings. */
    static byte[] message(String subject, String body) {
        String text = "From: sender@example.test\r\n"
                + "To: " + ImapGatewayHarness.USER + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + subject.replace(' ', '.') + "@example.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + body;
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Puts {@code raw} into the user's INBOX directly (not through the gateway). */
    static void deliver(GreenMail greenMail, String user, byte[] raw) {
        GreenMailUser account = greenMail.getUserManager().getUser(user);
        account.deliver(parse(raw));
    }

    static MimeMessage parse(byte[] raw) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a message: " + e.getMessage(), e);
        }
    }
}
