package dev.postern.server.portal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A portal page's answer: status, body of a content type, headers (each once: they replace the
 * listener's defaults, such as the strict {@code Content-Security-Policy}) and cookies to set (one
 * {@code Set-Cookie} each).
 */
public record PageReply(int status, String contentType, byte[] body, Map<String, String> headers,
                        List<String> cookies) {

    static final String HTML = "text/html; charset=utf-8";

    public PageReply {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    static PageReply html(int status, String page, String contentSecurityPolicy) {
        return new PageReply(status, HTML, page.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Security-Policy", contentSecurityPolicy), List.of());
    }

    /** A {@code 303 See Other} (after a form) or {@code 302 Found} to {@code location}. */
    static PageReply redirect(int status, String location) {
        return new PageReply(status, null, new byte[0], Map.of("Location", location), List.of());
    }

    PageReply withCookie(String cookie) {
        List<String> more = new java.util.ArrayList<>(cookies);
        more.add(cookie);
        return new PageReply(status, contentType, body, headers, more);
    }

    PageReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new PageReply(status, contentType, body, more, cookies);
    }
}
