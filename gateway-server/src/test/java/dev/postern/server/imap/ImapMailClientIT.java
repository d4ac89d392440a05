package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.MessageIDTerm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real mail client (Jakarta Mail / Angus, IMAPS) reading, writing and idling through the gateway. */
class ImapMailClientIT {

    static final byte[] SEEDED = Upstreams.message("seeded message",
            "Line one.\r\n..a line starting with dots\r\nTrailing spaces   \r\n\tand a tab.\r\n");

    @TempDir
    static Path folder;
    static ImapGatewayHarness harness;

    Store store;
    IMAPFolder inbox;

    @BeforeAll
    static void startGateway() throws IOException {
        harness = ImapGatewayHarness.start(folder);
        Upstreams.deliver(harness.greenMail(), USER, SEEDED);
    }

    @AfterAll
    static void stopGateway() {
        harness.close();
    }

    @BeforeEach
    void connect() throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", harness.clientTls().getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "10000");
        store = Session.getInstance(properties).getStore("imaps");
        store.connect("localhost", harness.implicitPort(), USER, harness.appPassword());
        inbox = (IMAPFolder) store.getFolder("INBOX");
    }

    @AfterEach
    void disconnect() throws MessagingException {
        if (inbox != null && inbox.isOpen()) {
            inbox.close(false);
        }
        store.close();
    }

    @Test
    void shouldFetchASeededMessageByteForByte() throws Exception {
        inbox.open(Folder.READ_ONLY);

        Message[] found = inbox.search(new MessageIDTerm("<seeded.message@example.test>"));

        assertThat(found).hasSize(1);
        assertThat(found[0].getSubject()).isEqualTo("seeded message");
        assertThat(raw((IMAPMessage) found[0])).isEqualTo(SEEDED);
    }

    @Test
    void shouldAppendAMessageAndFetchItBack() throws Exception {
        byte[] message = Upstreams.message("appended message", "Written through Postern.\r\n");
        int upstreamCountBefore = upstreamInboxSize();

        AppendUID[] appended = inbox.appendUIDMessages(new Message[] {Upstreams.parse(message)});
        inbox.open(Folder.READ_ONLY);
        IMAPMessage fetched = (IMAPMessage) inbox.getMessageByUID(appended[0].uid);

        assertThat(upstreamInboxSize()).isEqualTo(upstreamCountBefore + 1);
        assertThat(raw(fetched)).isEqualTo(message);
    }

    @Test
    void shouldPassIdleThroughAndAnnounceADeliveredMessage() throws Exception {
        inbox.open(Folder.READ_ONLY);
        int before = inbox.getMessageCount();

        // IMAPProtocol's IDLE primitives: idleStart returns once the upstream's "+" has arrived,
        // so the delivery below happens while the client idles
        Integer announced = (Integer) inbox.doCommand(protocol -> {
            protocol.idleStart();
            Upstreams.deliver(harness.greenMail(), USER, Upstreams.message("delivered during idle", "Hello.\r\n"));
            Integer exists = null;
            Response response;
            while ((response = protocol.readIdleResponse()) != null) {
                if (exists == null && response instanceof IMAPResponse untagged && untagged.keyEquals("EXISTS")) {
                    exists = untagged.getNumber();
                    protocol.idleAbort();
                }
                if (!protocol.processIdleResponse(response)) {
                    break;
                }
            }
            return exists;
        });

        assertThat(announced).isEqualTo(before + 1);
        assertThat(inbox.getMessageCount()).isEqualTo(before + 1);
    }

    private static byte[] raw(IMAPMessage message) throws MessagingException, IOException {
        try (InputStream in = message.getMimeStream()) {
            return in.readAllBytes();
        }
    }

    private static int upstreamInboxSize() throws Exception {
        return harness.greenMail().getManagers().getImapHostManager()
                .getInbox(harness.greenMail().getUserManager().getUser(USER)).getMessageCount();
    }
}
