package dev.envtest.plugin.engine;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A docker-java HTTP client to one engine, with no API version pinned (paths stay unversioned and the
 * daemon picks), as Podman's Docker-compatible API prefers.
 */
public final class EngineClient implements AutoCloseable {

    private final String dockerHost;
    private final DockerClientConfig config;
    private final DockerHttpClient http;

    public EngineClient(String dockerHost, Duration responseTimeout) {
        // before the transport's classes load: their loggers take their level when they are made
        TransportLogs.silence();
        this.dockerHost = dockerHost;
        this.config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        this.http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(responseTimeout)
                .build();
    }

    public static EngineClientFactory factory() {
        return host -> new EngineClient(host, Duration.ofSeconds(10));
    }

    public String dockerHost() {
        return dockerHost;
    }

    public DockerClientConfig config() {
        return config;
    }

    public DockerHttpClient http() {
        return http;
    }

    /** {@code GET path}; the body as text when the status is 2xx, else an exception naming the status. */
    public String get(String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + path + " answered " + response.getStatusCode() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** Pings the engine and reads its product, version and mode. */
    public EngineInfo describe(String clientOs) {
        get("/_ping");
        EngineInfoParser.Product product = EngineInfoParser.product(get("/version"));
        EngineMode mode = product.name().equals("Podman")
                ? EngineInfoParser.podmanMode(get("/v" + product.majorVersion() + ".0.0/libpod/info"), clientOs)
                : EngineInfoParser.dockerMode(get("/info"), clientOs);
        return new EngineInfo(dockerHost, product.name(), product.version(), product.apiVersion(), mode);
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
