package dev.postern.server.api;

import java.util.Objects;

/**
 * One API request as the portal listener read it.
 *
 * @param method        the HTTP method, upper case
 * @param path          the path, percent-decoded segment by segment later (kept raw here)
 * @param authorization the {@code Authorization} header, or null
 * @param contentType   the {@code Content-Type} header, or null
 * @param body          the request body (empty for none)
 * @param clientIp      the caller's address, for the audit log
 */
public record ApiRequest(String method, String path, String authorization, String contentType, byte[] body,
                         String clientIp) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(clientIp, "clientIp");
    }
}
