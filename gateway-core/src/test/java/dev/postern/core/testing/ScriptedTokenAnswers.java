package dev.postern.core.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * Answers a mock-oauth2-server gives at its token endpoints in place of its own, in order, one per
 * token request, until none are left: errors, garbage, fixed tokens and slow answers from the same
 * real HTTP server. Pass it to the server's constructor as an additional route.
 */
public final class ScriptedTokenAnswers implements Route {

    private record Answer(int status, String contentType, String body, Duration delay) {
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    public void add(int status, String contentType, String body) {
        add(status, contentType, body, Duration.ZERO);
    }

    public void add(int status, String contentType, String body, Duration delay) {
        answers.add(new Answer(status, contentType, body, delay));
    }

    public void json(int status, String body) {
        add(status, "application/json", body);
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return request.getUrl().encodedPath().endsWith("/token") && !answers.isEmpty();
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        Answer answer = answers.poll();
        if (answer == null) {
            return new OAuth2HttpResponse(Headers.of(), 500, "no scripted answer left", null);
        }
        if (!answer.delay().isZero()) {
            try {
                Thread.sleep(answer.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new OAuth2HttpResponse(Headers.of("Content-Type", answer.contentType()), answer.status(), answer.body(),
                answer.body().getBytes(StandardCharsets.UTF_8));
    }

}
