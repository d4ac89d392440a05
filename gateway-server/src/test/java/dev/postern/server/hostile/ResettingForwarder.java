package dev.postern.server.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP forwarder on a loopback port that copies bytes both ways between whoever connects (the
 * gateway) and a target port (GreenMail), with two threads per connection, and that can reset every
 * connection it holds at once: the gateway's side gets an RST ({@code SO_LINGER 0} then close), as
 * from an upstream that crashed. It keeps accepting afterwards.
 */
final class ResettingForwarder implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final ServerSocket server;
    private final List<Socket[]> pairs = new ArrayList<>();
    private volatile int target;

    ResettingForwarder() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "resetting-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards to {@code targetPort} from now on and returns this forwarder's own port (for {@code Tuning}). */
    int forwardTo(int targetPort) {
        target = targetPort;
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket inbound;
            try {
                inbound = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket outbound = new Socket();
                outbound.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), CONNECT_TIMEOUT_MILLIS);
                synchronized (pairs) {
                    pairs.add(new Socket[] {inbound, outbound});
                }
                pump(inbound, outbound);
                pump(outbound, inbound);
            } catch (IOException e) {
                closeQuietly(inbound);
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException ended) {
                // the other copier or a reset closed the sockets
            }
        }, "resetting-forwarder-pump");
        copier.setDaemon(true);
        copier.start();
    }

    /** Resets every connection accepted so far (an RST towards the gateway) and forgets it. */
    void resetAll() throws IOException {
        // a connection one side already closed is skipped: its sockets are closed, nothing to reset
        List<Socket[]> current;
        synchronized (pairs) {
            current = new ArrayList<>(pairs);
            pairs.clear();
        }
        for (Socket[] pair : current) {
            reset(pair[0]);
            reset(pair[1]);
        }
    }

    private static void reset(Socket socket) throws IOException {
        if (!socket.isClosed()) {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    /** Connections forwarded now (neither side has closed yet). */
    int connections() {
        synchronized (pairs) {
            return (int) pairs.stream().filter(pair -> !pair[0].isClosed() && !pair[1].isClosed()).count();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        resetAll();
    }
}
