package dev.postern.server.portal;

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
}
