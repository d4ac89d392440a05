package dev.postern.server.portal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A browser reduced to what the portal's HTTP tests need: the JDK's HTTP client (no redirects followed),
 * a cookie jar that keeps what {@code Set-Cookie} says, and forms posted as a browser posts them.
 */
final class PortalClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http;
    final Map<String, String> cookies = new LinkedHashMap<>();

    PortalClient(SSLContext tls) {
        http = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        return post(url, List.copyOf(form.entrySet()));
    }

    /** A form whose fields may repeat (several checked boxes of one name). */
    HttpResponse<String> post(String url, List<Map.Entry<String, String>> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach(field -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=')
                    .append(value));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.substring(0, set.indexOf(';'));
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || set.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "expected a redirect, got " + response.statusCode() + ": " + response.body()));
    }

    static String csrf(String page) {
        Matcher match = CSRF.matcher(page);
        if (!match.find()) {
            throw new AssertionError("no CSRF field in the page: " + page);
        }
        return match.group(1);
    }
}
