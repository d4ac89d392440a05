package dev.postern.server.portal;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request for a portal page, as the portal listener read it.
 *
 * @param method      the HTTP method, upper case
 * @param path        the raw path
 * @param query       the raw query (after {@code ?}), empty for none
 * @param cookies     the {@code Cookie} header, or null
 * @param contentType the {@code Content-Type} header, or null
 * @param body        the request body (empty for none)
 * @param clientIp    the caller's address, for the audit log
 */
public record PageRequest(String method, String path, String query, String cookies, String contentType, byte[] body,
                          String clientIp) {

    public PageRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(clientIp, "clientIp");
    }

    /** The form fields of a POST; empty unless its type is {@value PortalPages#FORM}. */
    Map<String, List<String>> form() {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!type.equals(PortalPages.FORM) && !type.startsWith(PortalPages.FORM + ";")) {
            return Map.of();
        }
        return new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
                .parameters();
    }

    /** The first value of form field {@code name}, or null. */
    static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
