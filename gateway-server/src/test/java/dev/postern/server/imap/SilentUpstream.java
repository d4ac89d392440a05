package dev.postern.server.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that accepts connections on a loopback port, counts them, and never says a word:
 * proof of whether the gateway connected at all, and an upstream whose login never completes.
 */
final class SilentUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Semaphore arrivals = new Semaphore(0);
    private final List<Socket> connections = new ArrayList<>();
    private final Thread acceptor;

    SilentUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "silent-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                synchronized (connections) {
                    connections.add(socket);
                }
                accepted.incrementAndGet();
                arrivals.release();
            } catch (IOException closed) {
                return;
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Waits (bounded) until one more connection has arrived; false if none did. */
    boolean awaitConnection(long timeoutMillis) throws InterruptedException {
        return arrivals.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether the gateway closed the newest connection within {@code timeoutMillis} (it never sends anything). */
    boolean newestClosedWithin(int timeoutMillis) throws IOException {
        Socket newest;
        synchronized (connections) {
            newest = connections.get(connections.size() - 1);
        }
        newest.setSoTimeout(timeoutMillis);
        try {
            return newest.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (connections) {
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
