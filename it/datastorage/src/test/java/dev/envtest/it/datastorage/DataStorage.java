package dev.envtest.it.datastorage;

import dev.envtest.junit.Envtest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

/** The stand-in's two instances, found only through what the plugin exported, and a small HTTP client for them. */
final class DataStorage {

    static final Envtest ENVTEST = Envtest.load();
    static final String IN_CLUSTER = "datastorage-incluster";
    static final String KUBECONFIG = "datastorage-kubeconfig";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .proxy(HttpClient.Builder.NO_PROXY).build();

    private DataStorage() {
    }

    /** Both ways of handing the service its identity; the same suite runs against each. */
    static Stream<String> instances() {
        return Stream.of(IN_CLUSTER, KUBECONFIG);
    }

    /** {@code envtest.containers.<name>.url.<port>}: http://127.0.0.1:<published port>. */
    static String url(String container, int port) {
        return ENVTEST.container(container).url(port).toString();
    }

    static String token(String serviceAccount) {
        return ENVTEST.serviceAccount(serviceAccount).token();
    }

    static HttpResponse<String> send(String method, String url, String authorization, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
