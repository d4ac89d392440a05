package dev.postern.server.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.views.MailServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class AppleProfileTest {

    private static final MailServer IMAPS = new MailServer("IMAP", "imap.example.com", 993, "SSL/TLS");
    private static final MailServer IMAP_STARTTLS = new MailServer("IMAP", "imap.example.com", 143, "STARTTLS");
    private static final MailServer POP3S = new MailServer("POP3", "pop.example.com", 995, "SSL/TLS");
    private static final MailServer SUBMISSION = new MailServer("SMTP", "smtp.example.com", 587, "STARTTLS");
    private static final MailServer SMTPS = new MailServer("SMTP", "smtp.example.com", 465, "SSL/TLS");

    @Test
    void shouldChooseImplicitTlsFirstAndImapBeforePop3() {
        assertThat(AppleProfile.servers(List.of(IMAP_STARTTLS, SUBMISSION, IMAPS, SMTPS, POP3S), List.of("IMAP", "POP3")))
                .contains(new AppleProfile.Servers(IMAPS, SMTPS));
        assertThat(AppleProfile.servers(List.of(IMAP_STARTTLS, SUBMISSION, POP3S), List.of("POP3")))
                .contains(new AppleProfile.Servers(POP3S, SUBMISSION));
    }

    @Test
    void shouldOfferNoProfileWithoutAnIncomingOrAnSmtpServer() {
        assertThat(AppleProfile.servers(List.of(IMAPS), List.of("IMAP"))).isEmpty();
        assertThat(AppleProfile.servers(List.of(SMTPS, POP3S), List.of("IMAP"))).isEmpty();
        assertThat(AppleProfile.servers(List.of(IMAPS, SMTPS), List.of())).isEmpty();
    }

    @Test
    void shouldDescribeOneImapAccountWithTheAppPasswordForBothServers() throws Exception {
        String xml = AppleProfile.render("mail-access.example.com", "alice@example.com", "iPhone <Alice> & \"work\"",
                "0123abcd", "abcd-efgh-ijkm-npqr-stuv-wxyz-2345", new AppleProfile.Servers(IMAPS, SUBMISSION));

        Element top = Plist.top(xml);
        Map<String, Node> profile = Plist.entries(top);
        Map<String, Node> mail = Plist.entries(Plist.first((Element) profile.get("PayloadContent"), "dict"));

        assertThat(profile.get("PayloadType").getTextContent()).isEqualTo("Configuration");
        assertThat(profile.get("PayloadIdentifier").getTextContent()).isEqualTo("com.example.mail-access.postern.0123abcd");
        assertThat(profile.get("PayloadOrganization").getTextContent()).isEqualTo("mail-access.example.com");
        assertThat(profile.get("PayloadVersion").getNodeName()).isEqualTo("integer");
        assertThat(profile.get("PayloadUUID").getTextContent()).matches("[0-9A-F-]{36}")
                .isNotEqualTo(mail.get("PayloadUUID").getTextContent());
        assertThat(mail.get("PayloadType").getTextContent()).isEqualTo("com.apple.mail.managed");
        assertThat(mail.get("EmailAccountType").getTextContent()).isEqualTo("EmailTypeIMAP");
        assertThat(mail.get("EmailAccountDescription").getTextContent())
                .isEqualTo("iPhone <Alice> & \"work\" (alice@example.com)");
        assertThat(mail.get("IncomingMailServerHostName").getTextContent()).isEqualTo("imap.example.com");
        assertThat(mail.get("IncomingMailServerPortNumber").getTextContent()).isEqualTo("993");
        assertThat(mail.get("IncomingMailServerUseSSL").getNodeName()).isEqualTo("true");
        assertThat(mail.get("IncomingMailServerUsername").getTextContent()).isEqualTo("alice@example.com");
        assertThat(mail.get("IncomingPassword").getTextContent()).isEqualTo("abcd-efgh-ijkm-npqr-stuv-wxyz-2345");
        assertThat(mail.get("OutgoingMailServerHostName").getTextContent()).isEqualTo("smtp.example.com");
        assertThat(mail.get("OutgoingMailServerPortNumber").getTextContent()).isEqualTo("587");
        assertThat(mail.get("OutgoingPassword").getTextContent()).isEqualTo("abcd-efgh-ijkm-npqr-stuv-wxyz-2345");
        assertThat(mail.get("OutgoingMailServerAuthentication").getTextContent()).isEqualTo("EmailAuthPassword");
    }

    @Test
    void shouldSayPopForAPop3Account() throws Exception {
        String xml = AppleProfile.render("portal", "bob@example.com", "old phone", "ff", "secret",
                new AppleProfile.Servers(POP3S, SMTPS));

        Map<String, Node> mail = Plist.entries(Plist.first((Element) Plist.entries(Plist.top(xml)).get("PayloadContent"), "dict"));

        assertThat(mail.get("EmailAccountType").getTextContent()).isEqualTo("EmailTypePOP");
        assertThat(mail.get("IncomingMailServerPortNumber").getTextContent()).isEqualTo("995");
    }

    @Test
    void shouldNameTheFileAfterTheLabelWithoutAnythingAFileSystemMightMisread() {
        assertThat(AppleProfile.fileName("Alice's iPhone")).isEqualTo("Alice-s-iPhone.mobileconfig");
        assertThat(AppleProfile.fileName("../../etc/passwd")).isEqualTo("etc-passwd.mobileconfig");
        assertThat(AppleProfile.fileName("\"; filename=x.exe")).isEqualTo("filename-x.exe.mobileconfig");
        assertThat(AppleProfile.fileName("日本")).isEqualTo("mail.mobileconfig");
        assertThat(AppleProfile.fileName("a".repeat(100))).isEqualTo("a".repeat(40) + ".mobileconfig");
    }
}
