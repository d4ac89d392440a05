package dev.postern.server.demo;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The demo's embedded upstream mailbox (IMAP, SMTP and POP3 on loopback, one user). The implementation,
 * GreenMail and Jakarta Mail live in {@value #JAR}, built next to {@code postern.jar} and found
 * through its manifest {@code Class-Path}, so the server an operator deploys carries no test mail
 * server; {@code serve} never needs it.
 */
public interface EmbeddedUpstream extends AutoCloseable {

    /** The side jar holding the implementation; it must sit in the same folder as {@code postern.jar}. */
    String JAR = "postern-demo-upstream.jar";

    int imapPort();

    int smtpPort();

    int pop3Port();

    @Override
    void close();

    /** Starts an implementation, found through {@link ServiceLoader}. */
    interface Provider {
        EmbeddedUpstream start(String user, String password);
    }

    /**
     * Starts the embedded upstream holding {@code user} with {@code password} and one welcome message.
     *
     * @throws Missing when {@value #JAR} is not on the class path
     */
    static EmbeddedUpstream start(String user, String password) {
        Provider provider;
        try {
            provider = ServiceLoader.load(Provider.class, EmbeddedUpstream.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new Missing(null));
        } catch (ServiceConfigurationError | LinkageError broken) {
            throw new Missing(broken);
        }
        try {
            return provider.start(user, password);
        } catch (LinkageError broken) {
            throw new Missing(broken);
        }
    }

    /** {@value #JAR} is absent (or incomplete): the demo cannot run, everything else can. */
    final class Missing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Missing(Throwable cause) {
            super("the demo's embedded mail server is not installed: put " + JAR + " (built next to postern.jar, "
                    + "in gateway-server/target/) in the folder that holds postern.jar; serve does not need it"
                    + (cause == null ? "" : " (" + cause + ")"), cause);
        }
    }
}
