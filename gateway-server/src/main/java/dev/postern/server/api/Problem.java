package dev.postern.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.server.views.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as RFC 9457 problem details ({@code application/problem+json}): {@code type} is
 * {@code about:blank}, so {@code title} is the status's phrase; {@code detail} says what was wrong
 * with this request and what to do. Thrown by the routes, turned into a reply by {@link AdminApi}.
 */
final class Problem extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Problem(int status, String title, String detail) {
        super(status + " " + title + ": " + detail, null, false, false);
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    static Problem unauthorized(String detail, boolean tokenPresented) {
        return new Problem(401, "Unauthorized", detail).header("WWW-Authenticate",
                tokenPresented ? "Bearer realm=\"postern api\", error=\"invalid_token\"" : "Bearer realm=\"postern api\"");
    }

    static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    static Problem methodNotAllowed(String allowed) {
        return new Problem(405, "Method Not Allowed", "this resource answers " + allowed).header("Allow", allowed);
    }

    static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    static Problem unsupportedMediaType() {
        return new Problem(415, "Unsupported Media Type", "send the body as application/json");
    }

    static Problem unavailable(String detail) {
        return new Problem(503, "Service Unavailable", detail).header("Retry-After", "5");
    }

    Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    ApiReply reply() {
        ObjectNode node = Json.object();
        node.put("type", "about:blank");
        node.put("title", title);
        node.put("status", status);
        node.put("detail", detail);
        return new ApiReply(status, ApiReply.PROBLEM, Json.line(node).getBytes(StandardCharsets.UTF_8), headers);
    }
}
