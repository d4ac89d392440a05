package dev.postern.server.http;

import dev.postern.core.ingress.ClientAddress;
import dev.postern.server.api.AdminApi;
import dev.postern.server.api.ApiReply;
import dev.postern.server.api.ApiRequest;
import dev.postern.server.portal.PageReply;
import dev.postern.server.portal.PageRequest;
import dev.postern.server.portal.PortalPages;
import dev.postern.server.setup.MailClientSetup;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the portal listener: {@code /api/v1/...} by {@link AdminApi} on the worker pool, every other
 * path by the self-service {@link PortalPages} on the portal pool (404 without {@code portal.oidc});
 * never on the event loop. One request at a time per connection (nothing more is read until the
 * answer is written), so answers keep the requests' order. Every answer carries the portal's security
 * headers and {@code Cache-Control: no-store} (an answer may hold a new password); a page replaces the
 * {@code Content-Security-Policy} with its own, as strict, which lets in the portal's own style and
 * script files.
 */
final class PortalHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(PortalHandler.class);

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Strict-Transport-Security", "max-age=31536000",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");
    static final String NOT_FOUND = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
            + "\"detail\":\"no such page; the API lives under " + AdminApi.PREFIX + "\"}";
    static final String BAD_REQUEST = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"the request could not be read as HTTP/1.1\"}";
    static final String TOO_LARGE = "{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,"
            + "\"detail\":\"the request body is larger than " + AdminApi.MAX_BODY + " bytes\"}";
    static final String NO_ADDRESS = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"expected an e-mail address: ?emailaddress= for autoconfig, an Autodiscover request with one"
            + " EMailAddress for autodiscover\"}";
    static final String NOT_GET = "{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
            + "\"detail\":\"autoconfig answers GET\"}";
    static final String NOT_POST = "{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
            + "\"detail\":\"autodiscover answers POST\"}";
    static final String BUSY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"detail\":\"the gateway is busy; try again\"}";

    private final AdminApi api;
    private final Executor workers;
    private final PortalPages pages;
    private final Executor pageWorkers;
    private final MailClientSetup setup;

    /**
     * @param pages       the self-service pages, or null (then only the API answers)
     * @param pageWorkers where pages run (store, hashing, HTTP to the provider): never an event loop
     */
    PortalHandler(AdminApi api, Executor workers, PortalPages pages, Executor pageWorkers, MailClientSetup setup) {
        this.setup = setup;
        this.api = api;
        this.workers = workers;
        this.pages = pages;
        this.pageWorkers = pageWorkers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, problem(400, BAD_REQUEST), false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        if (MailClientSetup.handles(path)) {
            respond(ctx, setUp(request, uri), keepAlive); // no store, no blocking: answered here
            return;
        }
        if (!path.startsWith(AdminApi.PREFIX)) {
            if (pages == null) {
                respond(ctx, problem(404, NOT_FOUND), keepAlive);
            } else {
                page(ctx, request, path, uri.rawQuery(), keepAlive);
            }
            return;
        }
        HttpHeaders headers = request.headers();
        ApiRequest call = new ApiRequest(request.method().name(), path, headers.get(HttpHeaderNames.AUTHORIZATION),
                headers.get(HttpHeaderNames.CONTENT_TYPE), ByteBufUtil.getBytes(request.content()),
                ClientAddress.ip(ctx.channel()));
        ctx.channel().config().setAutoRead(false);
        try {
            workers.execute(() -> {
                ApiReply reply = api.handle(call);
                ctx.executor().execute(() -> {
                    respond(ctx, reply, keepAlive);
                    ctx.channel().config().setAutoRead(true);
                });
            });
        } catch (RejectedExecutionException e) {
            ctx.channel().config().setAutoRead(true);
            respond(ctx, problem(503, BUSY), keepAlive);
        }
    }

    /** Thunderbird's autoconfig (GET, {@code ?emailaddress=}) or Outlook's autodiscover (POST, a POX request). */
    private ApiReply setUp(FullHttpRequest request, QueryStringDecoder uri) {
        boolean autodiscover = !uri.path().startsWith("/.well-known") && !uri.path().equals(MailClientSetup.AUTOCONFIG);
        String method = request.method().name();
        if (autodiscover ? !method.equals("POST") : !method.equals("GET")) {
            return problem(405, autodiscover ? NOT_POST : NOT_GET).withAllow(autodiscover ? "POST" : "GET");
        }
        List<String> address = uri.parameters().getOrDefault("emailaddress", List.of());
        Optional<String> xml = autodiscover ? setup.autodiscover(ByteBufUtil.getBytes(request.content()))
                : setup.autoconfig(address.isEmpty() ? null : address.get(0));
        return xml.map(body -> new ApiReply(200, MailClientSetup.XML, body.getBytes(StandardCharsets.UTF_8), Map.of()))
                .orElseGet(() -> problem(400, NO_ADDRESS));
    }

    /** A self-service page, made on the page pool. */
    private void page(ChannelHandlerContext ctx, FullHttpRequest request, String path, String query, boolean keepAlive) {
        HttpHeaders headers = request.headers();
        PageRequest call = new PageRequest(request.method().name(), path, query, headers.get(HttpHeaderNames.COOKIE),
                headers.get(HttpHeaderNames.CONTENT_TYPE), ByteBufUtil.getBytes(request.content()),
                ClientAddress.ip(ctx.channel()));
        boolean head = request.method().name().equals("HEAD");
        ctx.channel().config().setAutoRead(false);
        try {
            pageWorkers.execute(() -> {
                PageReply reply = pages.handle(call);
                ctx.executor().execute(() -> {
                    respond(ctx, reply, head, keepAlive);
                    ctx.channel().config().setAutoRead(true);
                });
            });
        } catch (RejectedExecutionException e) {
            ctx.channel().config().setAutoRead(true);
            respond(ctx, PortalPages.busy(), head, keepAlive);
        }
    }

    private static void respond(ChannelHandlerContext ctx, PageReply reply, boolean head, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse response = response(reply.status(), reply.contentType(), reply.body(), reply.headers(), head,
                keepAlive);
        reply.cookies().forEach(cookie -> response.headers().add(HttpHeaderNames.SET_COOKIE, cookie));
        send(ctx, response, keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The answer to a request whose body is over the bound, sent as soon as its headers say so. The
     * connection stays open: the rest of the body may still be on its way, and closing with it unread
     * would reset the connection before the client reads the answer. The aggregator drops that rest,
     * and the next request on the connection is read as usual.
     */
    static void tooLarge(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(response(problem(413, TOO_LARGE), true));
    }

    private static ApiReply problem(int status, String body) {
        return new ApiReply(status, ApiReply.PROBLEM, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void respond(ChannelHandlerContext ctx, ApiReply reply, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        send(ctx, response(reply, keepAlive), keepAlive);
    }

    private static FullHttpResponse response(ApiReply reply, boolean keepAlive) {
        return response(reply.status(), reply.contentType(), reply.body(), reply.headers(), false, keepAlive);
    }

    /** A whole answer with the portal's security headers; a HEAD answer says the length but carries no body. */
    private static FullHttpResponse response(int status, String contentType, byte[] body, Map<String, String> headers,
                                             boolean head, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        SECURITY_HEADERS.forEach(response.headers()::set);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach(response.headers()::set);
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing portal connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
