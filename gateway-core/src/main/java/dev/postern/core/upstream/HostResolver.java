package dev.postern.core.upstream;

import dev.postern.core.auth.BoundedPool;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Looks up the upstream's host name off the event loop. Netty's default resolver asks the JDK on the
 * channel's own event loop, which stops every session of that loop for as long as the name service
 * takes: each time the JDK's cache of the name runs out (30 s), and for seconds on end when DNS does
 * not answer. This one asks the same JDK resolver (so {@code /etc/hosts}, the system's name service
 * and the JDK's cache answer as before) on a small bounded pool. An address literal is answered at
 * once, without the pool. When the pool's queue is full the lookup fails at once, so a name service
 * that stopped answering makes logins fail fast, with the upstream's usual temporary failure,
 * instead of stalling the gateway.
 */
public final class HostResolver extends AddressResolverGroup<InetSocketAddress> {

    /** What turns a host name into its addresses (the JDK's resolver; a test's stand-in). */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    /** Lookup threads: each waits on the name service, so a few let one slow name not hold the others. */
    static final int THREADS = 4;
    /** Lookups waiting beyond the threads; past this, a lookup fails at once. */
    static final int QUEUE = 256;

    /** The JDK's resolver on the gateway's lookup pool (its threads end when idle). */
    public static final HostResolver SYSTEM = new HostResolver(BoundedPool.create("resolve", THREADS, QUEUE),
            InetAddress::getAllByName);

    private final Executor pool;
    private final Lookup lookup;

    public HostResolver(Executor pool, Lookup lookup) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor loop) {
        return new InetSocketAddressResolver(loop, new OffLoop(loop));
    }

    /** Resolves on the pool; the promise is the loop's, so its listeners run there. */
    private final class OffLoop extends InetNameResolver {

        OffLoop(EventExecutor loop) {
            super(loop);
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) {
            resolve(host, addresses -> promise.trySuccess(addresses[0]), promise::tryFailure);
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
            resolve(host, addresses -> promise.trySuccess(Arrays.asList(addresses)), promise::tryFailure);
        }

        private void resolve(String host, Consumer<InetAddress[]> done, Consumer<Throwable> failed) {
            InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
            if (literal != null) {
                done.accept(new InetAddress[] {literal});
                return;
            }
            try {
                pool.execute(() -> {
                    try {
                        done.accept(lookup.all(host)); // the JDK answers at least one address or throws
                    } catch (UnknownHostException | RuntimeException e) {
                        failed.accept(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                failed.accept(new UnknownHostException(host + " not looked up: too many lookups already waiting"
                        + " for the name service (is DNS answering?)"));
            }
        }
    }
}
