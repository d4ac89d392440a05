package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener over real HTTP: liveness, readiness as the store and the upstream come and go, errors. */
class AdminEndpointsIT {

    @TempDir
    Path dir;

    private GatewayUnderTest postern;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        postern = GatewayUnderTest.start(dir);
        admin = new AdminClient(postern.adminPort());
        postern.gateway.probeUpstreamsNow().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        postern.close();
    }

    @Test
    void shouldAnswerLivenessAndRefuseUnknownPathsAndOtherMethods() throws Exception {
        HttpResponse<String> healthz = admin.get("/healthz");
        HttpResponse<String> head = admin.send(HttpRequest.newBuilder(admin.uri("/healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> unknown = admin.get("/admin");
        HttpResponse<String> post = admin.send(HttpRequest.newBuilder(admin.uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(healthz.statusCode()).isEqualTo(200);
        assertThat(healthz.body()).isEqualTo("ok\n");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void shouldServePrometheusTextWithJvmNettyAndCertificateFigures() throws Exception {
        HttpResponse<String> response = admin.get("/metrics");
        AdminClient.Scrape scrape = new AdminClient.Scrape(response.body());

        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
        assertThat(scrape.has("jvm_threads_live_threads")).isTrue();
        assertThat(scrape.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
        assertThat(scrape.has("process_uptime_seconds")).isTrue();
        assertThat(scrape.has("system_cpu_count")).isTrue();
        assertThat(scrape.has("postern_netty_allocator_used_bytes", "area", "direct")).isTrue();
        assertThat(scrape.has("postern_netty_allocator_used_bytes", "area", "heap")).isTrue();
        assertThat(scrape.value("postern_tls_certificate_expiry_seconds",
                "certificate", postern.certificate.certificate().getFileName().toString()))
                .isGreaterThan(TimeUnit.DAYS.toSeconds(1));
        assertThat(scrape.has("postern_pool_queue_depth", "pool", "hash")).isTrue();
        assertThat(scrape.has("postern_pool_rejections_total", "pool", "store")).isTrue();
        assertThat(scrape.value("postern_upstream_up", "protocol", "imap")).isEqualTo(1);
    }

    @Test
    void shouldBeNotReadyWhileTheStoreFileIsGoneAndReadyAgainOnceItIsBack() throws Exception {
        Path database = postern.database();
        Path aside = dir.resolve("postern.db.aside");
        HttpResponse<String> ready = admin.get("/readyz");

        Files.move(database, aside);
        Files.createDirectory(database);
        HttpResponse<String> folderInPlace = admin.get("/readyz");
        Files.delete(database);
        Files.move(aside, database);
        HttpResponse<String> back = admin.get("/readyz");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
        assertThat(folderInPlace.statusCode()).isEqualTo(503);
        assertThat(folderInPlace.body()).isEqualTo("store unavailable: store.sqlite: " + database
                + ": is no longer a regular file (expected: the SQLite database the gateway opened)\n");
        assertThat(back.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldBeNotReadyOnceTheUpstreamStopsAnsweringItsProbe() throws Exception {
        int upstreamPort = postern.upstream.imapPort();
        postern.upstream.close();

        postern.gateway.probeUpstreamsNow().get(10, TimeUnit.SECONDS);
        HttpResponse<String> readyz = admin.get("/readyz");

        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(readyz.body()).startsWith("upstream imap (127.0.0.1:" + upstreamPort
                + " (none)) unreachable at the last probe: unreachable: ");
        assertThat(admin.scrape().value("postern_upstream_up", "protocol", "imap")).isZero();
    }
}
