package dev.postern.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the admin endpoints: {@code /metrics} (Prometheus text format), {@code /healthz} (the
 * process is alive) and {@code /readyz} (see {@link Readiness}). GET and HEAD only; anything else
 * is 405, unknown paths 404. The readiness check runs off the event loop and answers when done.
 * With a metrics token configured, {@code /metrics} answers 401 to a request without it; the
 * health paths stay open for the kubelet's probes.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    static final String METRICS = "/metrics";
    static final String HEALTHZ = "/healthz";
    static final String READYZ = "/readyz";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    static final String ALIVE = "ok";
    static final String NOT_FOUND = "not found: try /metrics, /healthz or /readyz";
    static final String METHOD_NOT_ALLOWED = "method not allowed: use GET";
    static final String BAD_REQUEST = "bad request";
    static final String UNAUTHORIZED = "unauthorized: /metrics needs the bearer token from admin.metrics-token-file";
    static final String CHALLENGE = "Bearer realm=\"postern metrics\"";
    static final String CHALLENGE_INVALID = CHALLENGE + ", error=\"invalid_token\"";

    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private final BearerToken metricsToken;

    /** @param metricsToken the token {@code /metrics} asks for; null when it is open */
    AdminHandler(PrometheusMeterRegistry registry, Readiness readiness, BearerToken metricsToken) {
        this.registry = registry;
        this.readiness = readiness;
        this.metricsToken = metricsToken;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, HttpResponseStatus.BAD_REQUEST, PLAIN_TEXT, BAD_REQUEST, false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean known = path.equals(METRICS) || path.equals(HEALTHZ) || path.equals(READYZ);
        if (!known) {
            send(ctx, request, HttpResponseStatus.NOT_FOUND, PLAIN_TEXT, NOT_FOUND, true);
            return;
        }
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, PLAIN_TEXT, METHOD_NOT_ALLOWED, true);
            return;
        }
        if (path.equals(METRICS) && metricsToken != null) {
            BearerToken.Presented presented = metricsToken.check(request.headers().get(HttpHeaderNames.AUTHORIZATION));
            if (presented != BearerToken.Presented.RIGHT) {
                send(ctx, request, HttpResponseStatus.UNAUTHORIZED, PLAIN_TEXT, UNAUTHORIZED, true,
                        presented == BearerToken.Presented.WRONG ? CHALLENGE_INVALID : CHALLENGE);
                return;
            }
        }
        switch (path) {
            case METRICS -> send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT, registry.scrape(), true);
            case HEALTHZ -> send(ctx, request, HttpResponseStatus.OK, PLAIN_TEXT, ALIVE, true);
            default -> {
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                boolean head = method.equals(HttpMethod.HEAD);
                // Answers stay in request order: read nothing more until this one is answered.
                ctx.channel().config().setAutoRead(false);
                readiness.check().whenComplete((verdict, failure) -> ctx.executor().execute(() -> {
                    Readiness.Verdict answer = verdict != null ? verdict
                            : new Readiness.Verdict(false, "readiness check failed: " + failure);
                    respond(ctx, answer.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            PLAIN_TEXT, answer.text(), keepAlive, head);
                    ctx.channel().config().setAutoRead(true);
                }));
            }
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                             String contentType, String body, boolean keepAlive) {
        send(ctx, request, status, contentType, body, keepAlive, null);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                             String contentType, String body, boolean keepAlive, String challenge) {
        respond(ctx, status, contentType, body, keepAlive && HttpUtil.isKeepAlive(request),
                request.method().equals(HttpMethod.HEAD), challenge);
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, String body,
                                boolean keepAlive, boolean head) {
        respond(ctx, status, contentType, body, keepAlive, head, null);
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, String body,
                                boolean keepAlive, boolean head, String challenge) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body.endsWith("\n") ? body : body + "\n");
        int length = content.readableBytes();
        if (head) {
            content.release();
            content = ctx.alloc().buffer(0);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        if (challenge != null) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing admin connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
