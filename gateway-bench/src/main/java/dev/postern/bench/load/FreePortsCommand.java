package dev.postern.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code free-ports N}: N distinct loopback ports free right now, space-separated, for servers that
 * need a fixed port in their configuration (Dovecot, nginx). All are held open while choosing so they differ.
 */
@Command(name = "free-ports", mixinStandardHelpOptions = true, description = "Print N distinct free loopback ports.")
final class FreePortsCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "How many.") int count;

    @Override
    public Integer call() throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<String> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports.add(Integer.toString(socket.getLocalPort()));
            }
            System.out.println(String.join(" ", ports));
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return 0;
    }
}
