package dev.postern.core.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The browser of a consent against mock-oauth2-server, whose authorization endpoint signs anybody in
 * without a page: opens the authorization URL without following the redirect and answers the
 * address the browser would have been sent to (its {@code Location}), which the person would copy
 * from the address bar.
 */
public final class HeadlessBrowser {

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HeadlessBrowser() {
    }

    /** The address {@code authorizationUrl} redirects to; fails unless it redirects. */
    public static String redirectOf(String authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(authorizationUrl.strip()))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse(null);
        if (response.statusCode() / 100 != 3 || location == null) {
            throw new AssertionError("expected a redirect from " + authorizationUrl + ", got HTTP " + response.statusCode()
                    + ": " + response.body());
        }
        return location;
    }
}
