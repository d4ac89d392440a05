package dev.postern.server.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * A device authorization endpoint (RFC 8628) on mock-oauth2-server, which has none: answers at
 * {@code /<issuer>/devicecode}, in order, one per request. The token endpoint's polls are scripted
 * with {@code ScriptedTokenAnswers}.
 */
final class ScriptedDeviceAnswers implements Route {

    static final String PATH = "/devicecode";

    private record Answer(int status, String body) {
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    void json(int status, String body) {
        answers.add(new Answer(status, body));
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return request.getUrl().encodedPath().endsWith(PATH);
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        Answer answer = answers.poll();
        if (answer == null) {
            return new OAuth2HttpResponse(Headers.of(), 500, "no scripted answer left", null);
        }
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), answer.status(), answer.body(),
                answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
