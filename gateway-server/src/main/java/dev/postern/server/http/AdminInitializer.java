package dev.postern.server.http;

import dev.postern.core.config.AdminConfig;
import dev.postern.core.observe.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * The admin HTTP pipeline: the connection cap ({@code admin.max-connections}), the request deadline
 * ({@code admin.request-timeout}), HTTP/1.1 with small bounds (the admin endpoints take no body),
 * keep-alive for Prometheus' scrapes, then {@link AdminHandler}.
 */
public final class AdminInitializer extends ChannelInitializer<Channel> {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_SIZE = 8192;
    static final int MAX_BODY = 8192;

    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private final AdminConfig config;
    private final ConnectionCap cap;
    private final BearerToken metricsToken;

    public AdminInitializer(PrometheusMeterRegistry registry, Readiness readiness, AdminConfig config) {
        this.registry = registry;
        this.readiness = readiness;
        this.config = config;
        this.cap = new ConnectionCap(config.maxConnections(), Counter.builder(Meters.ADMIN_CONNECTIONS_REFUSED)
                .description(Meters.description(Meters.ADMIN_CONNECTIONS_REFUSED)).register(registry));
        this.metricsToken = config.metricsToken().map(BearerToken::new).orElse(null);
    }

    @Override
    protected void initChannel(Channel ch) {
        if (!cap.admit(ch)) {
            return;
        }
        ch.pipeline().addLast("request-deadline", new RequestDeadline(config.requestTimeout()));
        ch.pipeline().addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_BODY));
        ch.pipeline().addLast("keep-alive", new HttpServerKeepAliveHandler());
        ch.pipeline().addLast("aggregator", new HttpObjectAggregator(MAX_BODY));
        ch.pipeline().addLast("admin", new AdminHandler(registry, readiness, metricsToken));
    }
}
