package dev.postern.server.imap;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An IMAP client on a raw socket that sends exactly the bytes a test writes and reads replies as
 * lines or as counted octets (literals), with a STARTTLS upgrade that verifies the certificate and
 * the host name {@code localhost}. Not a parser. Public for the hostile-input ITs, which also
 * speak SMTP through it (its line reading does not care which protocol it reads).
 */
public final class RawImapClient implements Closeable {

    public static final int TIMEOUT_MILLIS = 10_000;
    private static final String HOST = "localhost";

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final String greeting;

    private RawImapClient(Socket socket, int port) throws IOException {
        this(socket, port, new byte[0]);
    }

    private RawImapClient(Socket socket, int port, byte[] preamble) throws IOException {
        this.port = port;
        use(socket);
        if (preamble.length > 0) {
            out.write(preamble);
            out.flush();
        }
        this.greeting = readLine();
    }

    /**
     * Connects in clear to 127.0.0.1 from the loopback address {@code local} (e.g. 127.0.0.2, so one
     * machine can be several clients), sends {@code preamble} first (a PROXY header, or nothing) and
     * reads the greeting.
     */
    public static RawImapClient connectPlainFrom(InetAddress local, int port, byte[] preamble) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            return new RawImapClient(socket, port, preamble);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public static RawImapClient connectPlain(int port) throws IOException {
        return connectPlain(port, 0);
    }

    /** Connects in clear; a positive {@code receiveBuffer} sets SO_RCVBUF before connecting. */
    public static RawImapClient connectPlain(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        return connected(socket, port, receiveBuffer);
    }

    public static RawImapClient connectTls(int port, SSLContext context) throws IOException {
        return connectTls(port, context, 0);
    }

    /** Connects with implicit TLS, checking the certificate against {@code context} and the name localhost. */
    public static RawImapClient connectTls(int port, SSLContext context, int receiveBuffer) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        verifyHostName(socket);
        return connected(socket, port, receiveBuffer);
    }

    private static RawImapClient connected(Socket socket, int port, int receiveBuffer) throws IOException {
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress(HOST, port), TIMEOUT_MILLIS);
            return new RawImapClient(socket, port);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void verifyHostName(SSLSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
    }

    private void use(Socket next) throws IOException {
        socket = next;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public String greeting() {
        return greeting;
    }

    /** Sends STARTTLS, expects the tagged OK and performs the handshake on the same connection. */
    public void startTls(String tag, SSLContext context) throws IOException {
        List<String> reply = command(tag, "STARTTLS");
        String last = reply.get(reply.size() - 1);
        if (!last.startsWith(tag + " OK")) {
            throw new IOException("STARTTLS refused: " + last);
        }
        upgrade(context);
    }

    /**
     * Starts TLS on the connection as it is. Bytes already buffered from the server in clear would
     * be lost, so the caller must have read everything the server sent before its STARTTLS OK.
     */
    public void upgrade(SSLContext context) throws IOException {
        if (in.available() > 0) {
            throw new IOException("server sent " + in.available() + " bytes after its STARTTLS OK, in clear");
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, HOST, port, true);
        verifyHostName(tls);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
    }

    /** Writes {@code raw} as it is, in one write (nothing appended). */
    public void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    public void sendLine(String line) throws IOException {
        write(line + "\r\n");
    }

    /** Sends {@code tag SP command} and returns every line up to and including the tagged reply. */
    public List<String> command(String tag, String command) throws IOException {
        sendLine(tag + " " + command);
        return readUntilTagged(tag);
    }

    /** One line without its CRLF; fails if the server closed the connection first. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by server (expected a line; got so far: \""
                        + line.toString(StandardCharsets.UTF_8) + "\")");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** Lines up to and including the one starting with {@code tag SP} (the last element). */
    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    /** Exactly {@code count} octets (e.g. a literal). */
    public byte[] readBytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length != count) {
            throw new EOFException("connection closed after " + bytes.length + " of " + count + " octets");
        }
        return bytes;
    }

    /**
     * Every line the server sends until it closes the connection; fails if it does not close
     * within the socket timeout.
     */
    public List<String> readUntilClosed() throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                rest.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT_MILLIS
                    + " ms; it sent: " + rest.toString(StandardCharsets.UTF_8), e);
        } catch (IOException reset) {
            // a reset after the server closed counts as closed
        }
        for (String line : rest.toString(StandardCharsets.UTF_8).split("\r\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
