package dev.postern.server.demo;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The demo's embedded upstream mailbox: GreenMail serving IMAP and SMTP on free loopback ports,
 * holding one user with one message in INBOX. Mail submitted over SMTP lands in the recipients'
 * GreenMail mailboxes (local users only).
 */
public final class DemoUpstream implements AutoCloseable {

    private final GreenMail greenMail;

    private DemoUpstream(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static DemoUpstream start(String user, String upstreamPassword) {
        ServerSetup imap = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort();
        ServerSetup smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();
        GreenMail greenMail = new GreenMail(new ServerSetup[] {imap, smtp});
        greenMail.start();
        GreenMailUser account = greenMail.setUser(user, user, upstreamPassword);
        account.deliver(GreenMailUtil.createTextEmail(user, "welcome@postern.dev", "Welcome to Postern",
                "This message sits in the demo's upstream mailbox. You read it through Postern with an app password.\r\n",
                imap));
        return new DemoUpstream(greenMail);
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
