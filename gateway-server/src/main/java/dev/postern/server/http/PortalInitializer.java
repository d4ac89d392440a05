package dev.postern.server.http;

import dev.postern.core.config.PortalConfig;
import dev.postern.core.observe.Meters;
import dev.postern.server.api.AdminApi;
import dev.postern.server.portal.PortalPages;
import dev.postern.server.setup.MailClientSetup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The portal pipeline: the connection cap ({@code portal.max-connections}), TLS with the gateway's
 * certificate (reloaded with it), the request deadline ({@code portal.request-timeout}), HTTP/1.1
 * with small bounds (a body above {@link AdminApi#MAX_BODY} is answered 413 by the aggregator),
 * keep-alive, then {@link PortalHandler}.
 */
public final class PortalInitializer extends ChannelInitializer<Channel> {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_SIZE = 8192;

    private final Supplier<SslContext> serverTls;
    private final PortalConfig config;
    private final ConnectionCap cap;
    private final MailClientSetup setup;
    private final AdminApi api;
    private final Executor workers;
    private final PortalPages pages;
    private final Executor pageWorkers;

    /**
     * @param workers     where API requests run (store work and hashing): never an event loop
     * @param pages       the self-service pages, or null without {@code portal.oidc}
     * @param pageWorkers where pages run (store, hashing, HTTP to the provider): never an event loop
     */
    public PortalInitializer(Supplier<SslContext> serverTls, PortalConfig config, AdminApi api, Executor workers,
                             PortalPages pages, Executor pageWorkers, MailClientSetup setup, MeterRegistry registry) {
        this.serverTls = serverTls;
        this.config = config;
        this.api = api;
        this.workers = workers;
        this.pages = pages;
        this.pageWorkers = pageWorkers;
        this.setup = setup;
        this.cap = new ConnectionCap(config.maxConnections(), Counter.builder(Meters.PORTAL_CONNECTIONS_REFUSED)
                .description(Meters.description(Meters.PORTAL_CONNECTIONS_REFUSED)).register(registry));
    }

    @Override
    protected void initChannel(Channel ch) {
        if (!cap.admit(ch)) {
            return;
        }
        ch.pipeline().addLast("tls", serverTls.get().newHandler(ch.alloc()));
        ch.pipeline().addLast("request-deadline", new RequestDeadline(config.requestTimeout()));
        ch.pipeline().addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, AdminApi.MAX_BODY));
        ch.pipeline().addLast("keep-alive", new HttpServerKeepAliveHandler());
        ch.pipeline().addLast("aggregator", new HttpObjectAggregator(AdminApi.MAX_BODY) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                PortalHandler.tooLarge(ctx);
            }
        });
        ch.pipeline().addLast("portal", new PortalHandler(api, workers, pages, pageWorkers, setup));
    }
}
