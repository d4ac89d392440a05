package dev.postern.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports that were free, and distinct from each other, a moment ago: for a peer that must be
 * told its port before it starts (HAProxy, a portal whose public URL names it, a GreenMail that comes
 * up later). Where the configuration allows it, a listener on port 0 read back afterwards is better:
 * any bind of port 0 in between may take one of these, so whoever binds them late retries on "in use".
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** {@code count} distinct ports: all probes are held open until the last is chosen. */
    public static int[] loopback(int count) throws IOException {
        ServerSocket[] probes = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                probes[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = probes[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket probe : probes) {
                if (probe != null) {
                    probe.close();
                }
            }
        }
    }

    public static int loopback() throws IOException {
        return loopback(1)[0];
    }
}
