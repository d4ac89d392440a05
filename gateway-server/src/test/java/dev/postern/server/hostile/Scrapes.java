package dev.postern.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one series of the admin listener's {@code /metrics} (Prometheus text), summed over the series that match. */
final class Scrapes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Scrapes() {
    }

    /**
     * The sum of every sample of {@code name} whose labels include each {@code key="value"} pair of
     * {@code labels} (given as {@code key, value, key, value...}).
     */
    static double value(InetSocketAddress admin, String name, String... labels) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (matches(line, name, labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static boolean matches(String line, String name, String... labels) {
        if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
            return false;
        }
        String head = line.substring(0, line.lastIndexOf(' '));
        for (int i = 0; i < labels.length; i += 2) {
            if (!head.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}
