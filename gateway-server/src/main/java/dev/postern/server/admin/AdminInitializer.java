package dev.postern.server.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP pipeline: a read timeout, HTTP/1.1 with small bounds (the admin endpoints take no
 * body), keep-alive for Prometheus' scrapes, then {@link AdminHandler}.
 */
public final class AdminInitializer extends ChannelInitializer<Channel> {

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_SIZE = 8192;
    static final int MAX_BODY = 8192;
    static final int READ_TIMEOUT_SECONDS = 60;

    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;

    public AdminInitializer(PrometheusMeterRegistry registry, Readiness readiness) {
        this.registry = registry;
        this.readiness = readiness;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("read-timeout", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        ch.pipeline().addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_BODY));
        ch.pipeline().addLast("keep-alive", new HttpServerKeepAliveHandler());
        ch.pipeline().addLast("aggregator", new HttpObjectAggregator(MAX_BODY));
        ch.pipeline().addLast("admin", new AdminHandler(registry, readiness));
    }
}
