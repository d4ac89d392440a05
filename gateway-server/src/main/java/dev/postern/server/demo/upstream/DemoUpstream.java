package dev.postern.server.demo.upstream;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.server.demo.EmbeddedUpstream;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's embedded upstream mailbox: GreenMail serving IMAP, SMTP and POP3 on free loopback ports,
 * holding one user with one message in INBOX. Mail submitted over SMTP lands in the recipients'
 * GreenMail mailboxes (local users only). Shipped in {@value EmbeddedUpstream#JAR}, not in postern.jar.
 *
 * <p>GreenMail logs through SLF4J (Postern's logback configuration keeps {@code com.icegreen} at
 * ERROR), but a connection thread that ends with an exception, e.g. a client dropping an IDLE
 * session, would reach the JVM's default handler and print a stack trace to standard error. Its
 * threads therefore run in a thread group that hands such exceptions to the logger instead.
 */
public final class DemoUpstream implements EmbeddedUpstream {

    /** Where GreenMail's uncaught connection-thread exceptions go (DEBUG: a client that went away is normal). */
    private static final Logger LOG = LoggerFactory.getLogger("com.icegreen.greenmail.connections");

    private final GreenMail greenMail;

    private DemoUpstream(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Found by {@link EmbeddedUpstream#start} through {@link java.util.ServiceLoader}. */
    public static final class Provider implements EmbeddedUpstream.Provider {
        @Override
        public EmbeddedUpstream start(String user, String password) {
            return DemoUpstream.start(user, password);
        }
    }

    public static DemoUpstream start(String user, String upstreamPassword) {
        ServerSetup imap = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort();
        ServerSetup smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();
        ServerSetup pop3 = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort();
        GreenMail greenMail = startInLoggingThreadGroup(new ServerSetup[] {imap, smtp, pop3});
        GreenMailUser account = greenMail.setUser(user, user, upstreamPassword);
        account.deliver(GreenMailUtil.createTextEmail(user, "welcome@postern.dev", "Welcome to Postern",
                "This message sits in the demo's upstream mailbox. You read it through Postern with an app password.\r\n",
                imap));
        return new DemoUpstream(greenMail);
    }

    /**
     * GreenMail's server threads are created (and create their connection threads) in the thread
     * group of the thread that starts them: start it from a thread of a group that logs what would
     * otherwise be printed by the JVM.
     */
    private static GreenMail startInLoggingThreadGroup(ServerSetup[] setups) {
        ThreadGroup group = new ThreadGroup("demo-upstream") {
            @Override
            public void uncaughtException(Thread thread, Throwable e) {
                LOG.debug("demo upstream: {} ended: {}", thread.getName(), e.toString(), e);
            }
        };
        AtomicReference<GreenMail> started = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread starter = new Thread(group, () -> {
            try {
                GreenMail greenMail = new GreenMail(setups);
                greenMail.start();
                started.set(greenMail);
            } catch (RuntimeException | Error e) {
                failed.set(e);
            }
        }, "demo-upstream-start");
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("demo upstream: interrupted while starting", e);
        }
        if (failed.get() instanceof Error error) {
            throw error;
        }
        if (failed.get() != null) {
            throw (RuntimeException) failed.get();
        }
        return started.get();
    }

    @Override
    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    @Override
    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    @Override
    public int pop3Port() {
        return greenMail.getPop3().getPort();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
