package dev.postern.core.ingress;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The Netty transport in use: the event loop group and the channel classes that go with it.
 * {@link #detect()} picks Linux's native epoll when its library loads (Linux x86-64 and aarch64
 * with {@code netty-transport-native-epoll} on the class path) and falls back to NIO otherwise;
 * {@code -Dpostern.transport=nio} forces NIO (for comparison), {@code =epoll} insists on epoll.
 *
 * @param name            {@code epoll} or {@code nio}
 * @param serverChannel   the listening channel class
 * @param socketChannel   the connection channel class (clients and upstreams)
 * @param handlerFactory  makes the I/O handler of each event loop
 * @param fallbackReason  why epoll is not in use, or null when it is (or was not asked for)
 */
public record Transport(String name, Class<? extends ServerSocketChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel, Supplier<IoHandlerFactory> handlerFactory,
                        String fallbackReason) {

    /** System property that chooses the transport: {@code auto} (default), {@code epoll} or {@code nio}. */
    public static final String PROPERTY = "postern.transport";

    public static Transport nio() {
        return nio(null);
    }

    private static Transport nio(String fallbackReason) {
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, NioIoHandler::newFactory,
                fallbackReason);
    }

    /** The transport named by {@value #PROPERTY}, by default epoll when available, else NIO. */
    public static Transport detect() {
        return select(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * The transport for a preference: {@code auto}, {@code epoll} or {@code nio}.
     *
     * @throws IllegalArgumentException for another value, or {@code epoll} where epoll cannot load
     */
    public static Transport select(String preference) {
        String wanted = preference.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "nio":
                return nio("forced by -D" + PROPERTY + "=nio");
            case "auto":
            case "epoll":
                break;
            default:
                throw new IllegalArgumentException(PROPERTY + ": " + preference + " (expected one of: auto, epoll, nio)");
        }
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class,
                    EpollIoHandler::newFactory, null);
        }
        String cause = String.valueOf(Epoll.unavailabilityCause());
        if (wanted.equals("epoll")) {
            throw new IllegalArgumentException(PROPERTY + ": epoll is not available here (" + cause + ")");
        }
        return nio("epoll unavailable: " + cause);
    }

    /** One group serves accepting, clients and upstreams, so a session stays on one thread. */
    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, handlerFactory.get());
    }

    /** {@code epoll}, or {@code nio} with the reason it was chosen, for the start-up log. */
    public String describe() {
        return fallbackReason == null ? name : name + " (" + fallbackReason + ")";
    }
}
