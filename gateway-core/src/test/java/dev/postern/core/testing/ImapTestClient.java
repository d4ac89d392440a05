package dev.postern.core.testing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A line-oriented IMAP client on a raw socket, for tests that must see the exact bytes of a
 * server's replies. Not a parser: literals arrive as the lines they contain.
 */
public final class ImapTestClient implements Closeable {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final String CRLF = "\r\n";

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final String greeting;

    private ImapTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
        this.greeting = readLine();
    }

    /** Connects in plaintext to {@code 127.0.0.1:port} and reads the greeting. */
    public static ImapTestClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(DovecotConfig.LOOPBACK, port), TIMEOUT_MILLIS);
        return new ImapTestClient(socket);
    }

    /**
     * Connects with implicit TLS to {@code localhost:port}, verifying the certificate and the host
     * name against {@code context}, and reads the greeting.
     */
    public static ImapTestClient connectTls(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.connect(new InetSocketAddress("localhost", port), TIMEOUT_MILLIS);
        socket.startHandshake();
        return new ImapTestClient(socket);
    }

    public String greeting() {
        return greeting;
    }

    public Socket socket() {
        return socket;
    }

    /** Sends {@code tag SP command} and returns every line up to and including the tagged reply. */
    public List<String> command(String tag, String command) throws IOException {
        sendLine(tag + " " + command);
        return readUntilTagged(tag);
    }

    public void sendLine(String line) throws IOException {
        out.write((line + CRLF).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one line without its CRLF; fails if the server closed the connection. */
    public String readLine() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed by server (expected: a reply line)");
        }
        return line;
    }

    /** Reads lines until the one starting with {@code tag SP}, which is the last element. */
    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
