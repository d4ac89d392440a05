package dev.postern.server.smtp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A raw SMTP client on a real socket: writes exactly the bytes a test gives, reads whole replies. Public for the interop ITs. */
public final class SmtpTestClient implements Closeable {

    private final SSLContext tls;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpTestClient(Socket socket, SSLContext tls) throws IOException {
        this.tls = tls;
        use(socket);
    }

    public static SmtpTestClient connect(int port, SSLContext tls, boolean implicitTls) throws IOException {
        Socket plain = new Socket("127.0.0.1", port);
        plain.setSoTimeout(20_000);
        SmtpTestClient client = new SmtpTestClient(plain, tls);
        if (implicitTls) {
            client.upgrade();
        }
        return client;
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = next.getInputStream();
        out = next.getOutputStream();
    }

    /** Starts TLS on the open connection (after {@code 220 Ready to start TLS}, or at once for implicit TLS). */
    public void upgrade() throws IOException {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        secure.setUseClientMode(true);
        secure.startHandshake();
        use(secure);
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends one line (CRLF added) and reads the whole reply. */
    public List<String> command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /** Reads one reply, all its lines ({@code 250-...} up to {@code 250 ...}). */
    public List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** The first line of the next reply. */
    public String replyLine() throws IOException {
        return reply().get(0);
    }

    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed by the server after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    /** Whether the server has closed the connection (reads to the end; fails on a timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset counts as closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
