package dev.postern.server.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A bare TCP client for the cases where the client does not speak the listener's language at all. */
final class PlainSockets {

    static final int TIMEOUT_MILLIS = 10_000;

    private PlainSockets() {
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
        return socket;
    }

    /** What the server sent until it closed the connection, and when it closed; fails if it did not. */
    record Closed(byte[] received, Duration after) {
    }

    static final int TLS_ALERT = 21;

    /** The content type of each TLS record in {@code octets} (a record: type, version, 2-octet length, body). */
    static List<Integer> tlsRecordTypes(byte[] octets) {
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i + 5 <= octets.length; i += 5 + (((octets[i + 3] & 0xFF) << 8) | (octets[i + 4] & 0xFF))) {
            types.add(octets[i] & 0xFF);
        }
        return types;
    }

    static Closed readUntilClosed(Socket socket) throws IOException {
        long start = System.nanoTime();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        try {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT_MILLIS + " ms", e);
        } catch (IOException reset) {
            // a reset counts as closed
        }
        return new Closed(received.toByteArray(), Duration.ofNanos(System.nanoTime() - start));
    }
}
