package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Talks HTTP to the admin listener and reads the Prometheus text format, simply. */
final class AdminClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    AdminClient(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return new Scrape(response.body());
    }

    /** One scrape: every sample line as (series name, labels, value). */
    record Scrape(String text) {

        record Sample(String name, Map<String, String> labels, double value) {
        }

        List<Sample> samples() {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
                Map<String, String> labels = new java.util.HashMap<>();
                if (brace >= 0) {
                    String inside = line.substring(brace + 1, line.lastIndexOf('}'));
                    for (String pair : inside.split("\",")) {
                        if (pair.isBlank()) {
                            continue;
                        }
                        int eq = pair.indexOf('=');
                        labels.put(pair.substring(0, eq), pair.substring(eq + 2).replaceAll("\"$", ""));
                    }
                }
                samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
            }
            return samples;
        }

        /** The sum of every series named {@code name} whose labels include {@code labels} (pairs); 0 if none. */
        double value(String name, String... labels) {
            return samples().stream().filter(sample -> sample.name().equals(name) && matches(sample, labels))
                    .mapToDouble(Sample::value).sum();
        }

        boolean has(String name, String... labels) {
            return samples().stream().anyMatch(sample -> sample.name().equals(name) && matches(sample, labels));
        }

        private static boolean matches(Sample sample, String... labels) {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
