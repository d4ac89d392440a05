package dev.postern.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.server.demo.Demo;
import dev.postern.server.demo.upstream.DemoUpstream;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real mail client (Jakarta Mail / Angus) submits through Postern on the implicit-TLS and
 * STARTTLS ports with PLAIN and LOGIN; GreenMail, the upstream, receives the message byte for byte.
 */
class SmtpSubmissionIT {

    @TempDir
    static Path folder;

    private static SmtpDemoFixture fixture;

    @BeforeAll
    static void startDemo() throws Exception {
        fixture = new SmtpDemoFixture(folder);
    }

    @AfterAll
    static void stopDemo() {
        fixture.close();
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        ((DemoUpstream) fixture.demo.upstream()).greenMail().purgeEmailFromAllMailboxes();
    }

    private static Session session(boolean implicitTls, String mechanism) {
        String protocol = implicitTls ? "smtps" : "smtp";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", "localhost");
        props.put("mail." + protocol + ".port", Integer.toString(implicitTls ? fixture.implicitTlsPort() : fixture.startTlsPort()));
        props.put("mail." + protocol + ".auth", "true");
        props.put("mail." + protocol + ".auth.mechanisms", mechanism);
        props.put("mail." + protocol + ".ssl.socketFactory", fixture.tls.getSocketFactory());
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        props.put("mail." + protocol + ".timeout", "30000");
        if (!implicitTls) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        return Session.getInstance(props);
    }

    /** A MIME message as raw CRLF bytes: an 8-bit UTF-8 text part, a line starting with a dot, and a base64 attachment. */
    private static byte[] rawMessage(int attachmentBytes) {
        byte[] attachment = new byte[attachmentBytes];
        new Random(42).nextBytes(attachment);
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment);
        String text = "From: " + Demo.USER + "\r\n"
                + "To: " + Demo.USER + "\r\n"
                + "Subject: through Postern\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b0undary\"\r\n"
                + "\r\n"
                + "--b0undary\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "Grüße aus Zürich, ½ € — 8-bit body.\r\n"
                + ".a line that starts with a dot\r\n"
                + "\r\n"
                + "--b0undary\r\n"
                + "Content-Type: application/octet-stream; name=\"blob.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + encoded + "\r\n"
                + "--b0undary--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] body(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        return text.substring(text.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "implicit TLS {0}, {1}")
    @CsvSource({"true, PLAIN", "true, LOGIN", "false, PLAIN", "false, LOGIN"})
    void shouldDeliverTheMessageByteForByte(boolean implicitTls, String mechanism) throws Exception {
        // given
        Session session = session(implicitTls, mechanism);
        byte[] raw = rawMessage(10 * 1024 * 1024);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));

        // when: sendMessage (not Transport.send) so the client changes no header
        try (Transport transport = session.getTransport()) {
            transport.connect(Demo.USER, fixture.demo.appPassword());
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(Demo.USER)});
        }

        // then
        assertThat(((DemoUpstream) fixture.demo.upstream()).greenMail().waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage received = ((DemoUpstream) fixture.demo.upstream()).greenMail().getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("through Postern");
        ByteArrayOutputStream receivedBody = new ByteArrayOutputStream();
        try (InputStream in = received.getRawInputStream()) {
            in.transferTo(receivedBody);
        }
        // GreenMail keeps the message without the CRLF that precedes the terminating ".": compare up to it
        byte[] expected = body(raw);
        byte[] sent = java.util.Arrays.copyOf(expected, expected.length - 2);
        byte[] got = receivedBody.toByteArray();
        assertThat(new String(got, 0, 200, StandardCharsets.UTF_8)).isEqualTo(new String(sent, 0, 200, StandardCharsets.UTF_8));
        assertThat(got.length).isEqualTo(sent.length);
        assertThat(sha256(got)).isEqualTo(sha256(sent));
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    @ParameterizedTest(name = "implicit TLS {0}, {1}")
    @CsvSource({"true, PLAIN", "false, LOGIN"})
    void shouldSubmitAsAUserNamedInAnotherCaseThanTheAppPasswordWasCreatedFor(boolean implicitTls, String mechanism)
            throws Exception {
        // given: the app password was created for demo@localhost
        Session session = session(implicitTls, mechanism);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(rawMessage(1024)));

        // when
        try (Transport transport = session.getTransport()) {
            transport.connect("Demo@LocalHost", fixture.demo.appPassword());
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(Demo.USER)});
        }

        // then
        assertThat(((DemoUpstream) fixture.demo.upstream()).greenMail().waitForIncomingEmail(30_000, 1)).isTrue();
        assertThat(((DemoUpstream) fixture.demo.upstream()).greenMail().getReceivedMessages()[0].getSubject())
                .isEqualTo("through Postern");
    }

    @ParameterizedTest(name = "implicit TLS {0}")
    @CsvSource({"true", "false"})
    void shouldRefuseAWrongAppPassword(boolean implicitTls) {
        Session session = session(implicitTls, "PLAIN");

        assertThatThrownBy(() -> {
            try (Transport transport = session.getTransport()) {
                transport.connect(Demo.USER, "wrong-password");
            }
        }).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.8");
    }
}
