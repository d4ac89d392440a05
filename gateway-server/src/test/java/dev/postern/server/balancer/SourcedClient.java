package dev.postern.server.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A text client (IMAP or SMTP) read line by line, connecting from a loopback address of its own: the balancer
 * connects to the gateways from 127.0.0.1, so an address the gateway reports as 127.0.0.2 can only have come from
 * the PROXY header.
 */
final class SourcedClient implements AutoCloseable {

    static final String SOURCE = "127.0.0.2";
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SourcedClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    static SourcedClient connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.bind(new InetSocketAddress(InetAddress.getByName(SOURCE), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            return new SourcedClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    String read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new AssertionError("connection closed");
        }
        return line;
    }

    String readUntil(Predicate<String> last) throws IOException {
        String line;
        do {
            line = read();
        } while (!last.test(line));
        return line;
    }

    void send(String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The last line before the server closed the connection; fails if it did not within {@code bound}. */
    String lastLineBeforeClose(Duration bound) throws IOException {
        socket.setSoTimeout((int) bound.toMillis());
        String last = null;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                last = line;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("not closed within " + bound + "; last line: " + last, e);
        }
        return last;
    }

    /** An IMAP session logged in as {@code user} (greeting read, {@code LOGIN} answered {@code OK}). */
    static SourcedClient imapLoggedIn(int port, String user, String password) throws IOException {
        SourcedClient imap = connect(port);
        try {
            assertThat(imap.read()).startsWith("* OK");
            imap.send("a LOGIN " + user + " " + password);
            assertThat(imap.readUntil(line -> line.startsWith("a "))).startsWith("a OK");
            return imap;
        } catch (IOException | AssertionError e) {
            imap.close();
            throw e;
        }
    }

    /** As {@link #imapLoggedIn}, then in {@code IDLE} on the INBOX. */
    static SourcedClient imapIdle(int port, String user, String password) throws IOException {
        SourcedClient imap = imapLoggedIn(port, user, password);
        try {
            imap.send("s SELECT INBOX");
            assertThat(imap.readUntil(line -> line.startsWith("s "))).startsWith("s OK");
            imap.send("i IDLE");
            assertThat(imap.read()).startsWith("+");
            return imap;
        } catch (IOException | AssertionError e) {
            imap.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
