package dev.postern.core.upstream;

import dev.postern.core.ingress.Transport;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Opens the upstream leg of one session, on the client channel's event loop (so the session's
 * state is confined to one thread), and runs the protocol's login dialogue on it. Called only
 * after the client's credential has been accepted.
 */
public final class UpstreamConnector {

    /** Creates the protocol's login handler for one connection. */
    @FunctionalInterface
    public interface LoginFactory {
        UpstreamLogin create(UpstreamIdentity identity, UpstreamEndpoint endpoint, Promise<UpstreamSession> promise);
    }

    private final Transport transport;
    private final UpstreamEndpoint endpoint;
    private final LoginFactory loginFactory;
    private final UpstreamObserver observer;
    private final WarmUpstreams warm;

    public UpstreamConnector(Transport transport, UpstreamEndpoint endpoint, LoginFactory loginFactory) {
        this(transport, endpoint, loginFactory, UpstreamObserver.NONE);
    }

    /** As above, and tells {@code observer} the connect and login latency or the failure of every leg. */
    public UpstreamConnector(Transport transport, UpstreamEndpoint endpoint, LoginFactory loginFactory,
                             UpstreamObserver observer) {
        this(transport, endpoint, loginFactory, observer, null);
    }

    /**
     * As above; with {@code warm} (null for none), logins take a connection kept ready when one is,
     * and connect as usual otherwise.
     */
    public UpstreamConnector(Transport transport, UpstreamEndpoint endpoint, LoginFactory loginFactory,
                             UpstreamObserver observer, WarmUpstreams warm) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.loginFactory = loginFactory;
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.warm = warm;
    }

    public UpstreamEndpoint endpoint() {
        return endpoint;
    }

    /** Closes the connections kept ready, if any (a gateway that stops), waiting at most {@code timeout}. */
    public void closeWarm(java.time.Duration timeout) {
        if (warm != null) {
            warm.close(timeout);
        }
    }

    /**
     * Completes with a logged-in session, or fails with an {@link UpstreamFailure}. Cancelling the
     * returned future closes the upstream connection.
     */
    public Future<UpstreamSession> connect(Channel client, UpstreamIdentity identity) {
        EventLoop loop = client.eventLoop();
        if (warm == null || !loop.inEventLoop()) {
            return connect(loop, identity, loginFactory);
        }
        long started = System.nanoTime();
        Future<Channel> ahead = warm.take(loop);
        if (ahead == null) {
            return connect(loop, identity, loginFactory);
        }
        if (ahead.isSuccess()) {
            return logInOn(ahead.getNow(), identity, started);
        }
        // One is being opened: wait for it rather than open another, and connect ourselves if it fails.
        Promise<UpstreamSession> promise = loop.newPromise();
        ahead.addListener(done -> {
            if (promise.isDone()) { // cancelled while waiting: the client left
                if (done.isSuccess()) {
                    ahead.getNow().close();
                }
                return;
            }
            Future<UpstreamSession> session = done.isSuccess() ? logInOn(ahead.getNow(), identity, started)
                    : connect(loop, identity, loginFactory);
            session.addListener(result -> {
                if (result.isSuccess()) {
                    if (!promise.trySuccess(session.getNow())) {
                        session.getNow().channel().close();
                    }
                } else {
                    promise.tryFailure(result.cause());
                }
            });
            promise.addListener(outcome -> {
                if (outcome.isCancelled()) {
                    session.cancel(false);
                }
            });
        });
        promise.addListener(outcome -> {
            if (outcome.isCancelled()) {
                ahead.cancel(false);
            }
        });
        return promise;
    }

    /**
     * The login dialogue on a connection kept ready: its framer and login stages go in behind the
     * parked stage, whose removal hands them the greeting it held. The connect time is the wait for
     * the connection, if any.
     */
    private Future<UpstreamSession> logInOn(Channel upstream, UpstreamIdentity identity, long started) {
        Promise<UpstreamSession> promise = upstream.eventLoop().newPromise();
        long connected = System.nanoTime();
        observer.connected(connected - started);
        promise.addListener(done -> {
            if (done.isSuccess()) {
                observer.loggedIn(System.nanoTime() - connected);
            } else if (done.cause() instanceof UpstreamFailure failure) {
                observer.failed(failure.kind());
            }
            if (done.isCancelled()) {
                upstream.close();
            }
        });
        ChannelPipeline pipeline = upstream.pipeline();
        pipeline.addAfter(PipelineNames.UPSTREAM_PARKED, PipelineNames.UPSTREAM_FRAMER, new LineFramer());
        pipeline.addAfter(PipelineNames.UPSTREAM_FRAMER, PipelineNames.UPSTREAM_LOGIN,
                loginFactory.create(identity, endpoint, promise));
        pipeline.remove(PipelineNames.UPSTREAM_PARKED);
        return promise;
    }

    /**
     * Runs another dialogue than the login on a new upstream connection of {@code loop}, with the
     * same TLS and line framing, e.g. a capability probe ({@code identity} may then be null).
     */
    public Future<UpstreamSession> connect(EventLoop loop, UpstreamIdentity identity, LoginFactory dialogue) {
        Promise<UpstreamSession> promise = loop.newPromise();
        // Only logins are timed and counted; other dialogues (capability probes) are not.
        UpstreamObserver timing = dialogue == loginFactory ? observer : UpstreamObserver.NONE;
        long started = System.nanoTime();
        long[] connectedAt = {started};
        promise.addListener(done -> {
            if (done.isSuccess()) {
                timing.loggedIn(System.nanoTime() - connectedAt[0]);
            } else if (done.cause() instanceof UpstreamFailure failure) {
                timing.failed(failure.kind());
            }
        });
        Channel upstream = endpoint.bootstrap(loop, transport)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.UPSTREAM_QUICKACK, QuickAck.INSTANCE);
                        if (endpoint.security() == UpstreamEndpoint.Security.IMPLICIT) {
                            ch.pipeline().addLast(PipelineNames.TLS, endpoint.newSslHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(PipelineNames.UPSTREAM_FRAMER, new LineFramer());
                        ch.pipeline().addLast(PipelineNames.UPSTREAM_LOGIN, dialogue.create(identity, endpoint, promise));
                    }
                })
                .connect(endpoint.host(), endpoint.port())
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                                endpoint.host() + ":" + endpoint.port() + ": " + connected.cause().getMessage(),
                                connected.cause()));
                    } else {
                        connectedAt[0] = System.nanoTime();
                        timing.connected(connectedAt[0] - started);
                    }
                })
                .channel();
        // A caller that no longer wants the session (its client left) cancels: drop the connection now
        // rather than at the login timeout.
        promise.addListener(done -> {
            if (done.isCancelled()) {
                upstream.close();
            }
        });
        return promise;
    }
}
