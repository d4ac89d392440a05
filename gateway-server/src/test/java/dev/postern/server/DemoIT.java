package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.testing.SelfSignedPem;
import dev.postern.server.demo.Demo;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo serves the seeded mailbox to a real IMAP client with the printed app password. */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void shouldServeTheSeededMessageToAMailClientWithThePrintedAppPassword() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0, 0)) {
            TestSecrets.register(demo);
            int imaps = demo.gateway().addresses("imap").get(1).getPort();
            Store store = session(demo).getStore("imaps");
            store.connect("localhost", imaps, Demo.USER, demo.appPassword());
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                Message[] messages = inbox.getMessages();
                assertThat(messages).hasSize(1);
                assertThat(messages[0].getSubject()).isEqualTo("Welcome to Postern");
                inbox.close(false);
            } finally {
                store.close();
            }
        }
    }

    @Test
    void shouldRefuseTheDemoUserWithAWrongPassword() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0, 0)) {
            TestSecrets.register(demo);
            int imaps = demo.gateway().addresses("imap").get(1).getPort();
            Store store = session(demo).getStore("imaps");
            assertThatThrownBy(() -> store.connect("localhost", imaps, Demo.USER, "not-the-app-password"))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    private static Session session(Demo demo) throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.socketFactory", SelfSignedPem.clientContextTrusting(demo.certificate()).getSocketFactory());
        props.put("mail.imaps.ssl.checkserveridentity", "true");
        props.put("mail.imaps.connectiontimeout", "10000");
        props.put("mail.imaps.timeout", "20000");
        return Session.getInstance(props);
    }
}
