package dev.envtest.it.existingcluster;

import dev.envtest.junit.Envtest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The two executions' exports: the first's envtest (the "existing cluster", {@code target/envtest-cluster}) and the
 * second's run against it as {@code cluster=existing} ({@code target/envtest}).
 */
final class Clusters {

    /** The first execution: envtest's own control plane. Its admin client sees everything, whoever created it. */
    static Envtest first() {
        return Envtest.load(Path.of(System.getProperty("cluster.properties", "target/envtest-cluster/envtest.properties")));
    }

    /** The second execution (cluster=existing), found as any service's tests find it. */
    static Envtest second() {
        return Envtest.load();
    }

    static final String LABEL = "envtest.dev/session";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .proxy(HttpClient.Builder.NO_PROXY).build();

    private Clusters() {
    }

    static HttpResponse<String> get(URI url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
