package dev.postern.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * The sessions a test holds open to watch the gateway end them: IMAP on a listener without TLS, SMTP and
 * POP3 with implicit TLS, each logged in as {@code user}; every connection is closed by {@link #close()}.
 * And the checks of how a held session ends.
 */
final class SessionClients implements AutoCloseable {

    private final String user;
    private final SSLContext tls;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    SessionClients(String user, SSLContext tls) {
        this.user = user;
        this.tls = tls;
    }

    /** One connection read and written a line at a time (US-ASCII, CRLF). */
    record Line(Socket socket, BufferedReader in, OutputStream out) {
        String read() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new AssertionError("connection closed");
            }
            return line;
        }

        void send(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String readUntil(Predicate<String> last) throws IOException {
            String line;
            do {
                line = read();
            } while (!last.test(line));
            return line;
        }
    }

    /** An IMAP connection without TLS, its greeting read. */
    Line imap(int port) throws IOException {
        Line imap = open(PlainSockets.connect(port));
        assertThat(imap.read()).startsWith("* OK");
        return imap;
    }

    Line imapLoggedIn(int port, String password) throws IOException {
        Line imap = imap(port);
        imap.send("a LOGIN " + user + " " + password);
        assertThat(imap.readUntil(line -> line.startsWith("a "))).startsWith("a OK");
        return imap;
    }

    /** The tagged answer to a LOGIN on a new connection, the connection then closed. */
    String imapLoginAnswer(int port, String password) throws IOException {
        Line imap = imap(port);
        imap.send("a LOGIN " + user + " " + password);
        String answer = imap.readUntil(line -> line.startsWith("a "));
        imap.socket().close();
        return answer;
    }

    Line imapIdle(int port, String password) throws IOException {
        Line imap = imapLoggedIn(port, password);
        imap.send("s SELECT INBOX");
        assertThat(imap.readUntil(line -> line.startsWith("s "))).startsWith("s OK");
        imap.send("i IDLE");
        assertThat(imap.read()).startsWith("+");
        return imap;
    }

    Line smtpAfterAuth(int port, String password) throws IOException {
        Line smtp = open(tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port));
        assertThat(smtp.readUntil(line -> line.startsWith("220 "))).startsWith("220 ");
        smtp.send("EHLO client.example");
        smtp.readUntil(line -> line.startsWith("250 "));
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        smtp.send("AUTH PLAIN " + plain);
        assertThat(smtp.read()).startsWith("235 ");
        return smtp;
    }

    /** After AUTH, inside DATA: the first lines of a message whose end never comes. */
    Line smtpInData(int port, String password) throws IOException {
        Line smtp = smtpAfterAuth(port, password);
        smtp.send("MAIL FROM:<" + user + ">");
        assertThat(smtp.read()).startsWith("250");
        smtp.send("RCPT TO:<" + user + ">");
        assertThat(smtp.read()).startsWith("250");
        smtp.send("DATA");
        assertThat(smtp.read()).startsWith("354");
        smtp.send("Subject: half a message\r\n\r\nThe first lines of a message whose end never comes.");
        return smtp;
    }

    Line pop3AfterPass(int port, String password) throws IOException {
        Line pop3 = open(tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port));
        assertThat(pop3.read()).startsWith("+OK");
        pop3.send("USER " + user);
        assertThat(pop3.read()).startsWith("+OK");
        pop3.send("PASS " + password);
        assertThat(pop3.read()).startsWith("+OK");
        return pop3;
    }

    private Line open(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return new Line(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)),
                socket.getOutputStream());
    }

    /** The session's last line is {@code expected} and the server closed it less than {@code bound} after {@code since}. */
    static void assertClosedWith(Line session, String expected, Duration bound, long since) throws IOException {
        session.socket().setSoTimeout((int) bound.toMillis() + 1000);
        String last = null;
        try {
            for (String line; (line = session.in().readLine()) != null; ) {
                last = line;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("not closed within " + bound + "; last line: " + last, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - since);
        assertThat(last).isEqualTo(expected);
        assertThat(took).as("from the change to the close").isLessThan(bound);
    }

    static void assertStillWorking(Line imap) throws IOException {
        imap.send("n NOOP");
        assertThat(imap.readUntil(line -> line.startsWith("n "))).startsWith("n OK");
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
