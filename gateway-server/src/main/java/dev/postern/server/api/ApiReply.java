package dev.postern.server.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What the API answers: a status, a body of a content type (empty for 204) and extra headers
 * ({@code Allow}, {@code WWW-Authenticate}, {@code Retry-After}, {@code Location}).
 */
public record ApiReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";

    public ApiReply {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    static ApiReply json(int status, String body) {
        return new ApiReply(status, JSON, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ApiReply noContent() {
        return new ApiReply(204, null, new byte[0], Map.of());
    }

    /** This reply with an {@code Allow} header (a 405). */
    public ApiReply withAllow(String methods) {
        return withHeader("Allow", methods);
    }

    ApiReply withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiReply(status, contentType, body, more);
    }
}
