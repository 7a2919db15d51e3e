package dev.envtest.plugin.engine;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A docker-java HTTP client to one engine, with no API version pinned (paths stay unversioned and the
 * daemon picks), as Podman's Docker-compatible API prefers.
 */
public final class EngineClient implements AutoCloseable {

    private final String dockerHost;
    private final Duration responseTimeout;
    private DockerClientConfig config;
    private DockerHttpClient http;

    /** docker-java's client is made on first use: the start's engine question on rootful Podman never needs it. */
    public EngineClient(String dockerHost, Duration responseTimeout) {
        // before the transport's classes load: their loggers take their level when they are made
        TransportLogs.silence();
        this.dockerHost = dockerHost;
        this.responseTimeout = responseTimeout;
    }

    private synchronized void open() {
        if (http == null) {
            config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
            http = new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .connectionTimeout(Duration.ofSeconds(3))
                    .responseTimeout(responseTimeout)
                    .build();
        }
    }

    public static EngineClientFactory factory() {
        return host -> new EngineClient(host, Duration.ofSeconds(10));
    }

    public String dockerHost() {
        return dockerHost;
    }

    public DockerClientConfig config() {
        open();
        return config;
    }

    public DockerHttpClient http() {
        open();
        return http;
    }

    /** {@code GET path}; the body as text when the status is 2xx, else an exception naming the status. */
    public String get(String path) {
        return exchange(path).body();
    }

    /**
     * Pings the engine and reads its product, version and mode. The product and version come from the ping's headers
     * when the engine sends them (Podman's {@code Libpod-Api-Version}, Docker's {@code Server}), else from
     * {@code /version}; a Podman whose socket is owned by root is rootful without asking {@code /libpod/info}. Podman
     * 4.3 takes 0.3–1.5 s for each of {@code /version} and {@code /libpod/info}, and the API server cannot be launched
     * before this answer, which decides where it listens.
     */
    public EngineInfo describe(String clientOs) {
        Map<String, String> ping = pingHeaders();
        EngineInfoParser.Product product = EngineInfoParser.productFromPing(ping)
                .orElseGet(() -> EngineInfoParser.product(get("/version")));
        EngineMode mode;
        if (product.name().equals("Podman")) {
            mode = clientOs.equals("linux") && socketOwnedByRoot(dockerHost) ? EngineMode.PODMAN_ROOTFUL
                    : EngineInfoParser.podmanMode(get("/v" + product.majorVersion() + ".0.0/libpod/info"), clientOs);
        } else {
            mode = EngineInfoParser.dockerMode(get("/info"), clientOs);
        }
        return new EngineInfo(dockerHost, product.name(), product.version(), product.apiVersion(), mode);
    }

    /**
     * Whether {@code dockerHost} is a local socket file owned by root: only a Podman running as root can create one
     * (a rootless Podman's socket belongs to its user, under {@code $XDG_RUNTIME_DIR}).
     */
    static boolean socketOwnedByRoot(String dockerHost) {
        if (!dockerHost.startsWith("unix://")) {
            return false;
        }
        try {
            Object uid = Files.getAttribute(Path.of(dockerHost.substring("unix://".length())), "unix:uid");
            return uid instanceof Integer id && id == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The ping's headers: over a local socket with the JDK alone (see {@link SocketPing}), else through docker-java. A
     * socket that refuses the connection fails here: docker-java could only fail the same way, after loading its
     * classes (0.3–0.4 s in a fresh JVM, on the way to the API server's launch when no engine runs).
     */
    private Map<String, String> pingHeaders() {
        if (dockerHost.startsWith("unix://")) {
            try {
                return SocketPing.headers(Path.of(dockerHost.substring("unix://".length())), Duration.ofSeconds(3));
            } catch (SocketPing.NotListening e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                // docker-java's client, with its own timeouts and messages, is asked instead
            }
        }
        return headers("/_ping");
    }

    /** {@code GET path} for its response headers (names in lower case), failing like {@link #get} on a non-2xx status. */
    public Map<String, String> headers(String path) {
        return exchange(path).headers();
    }

    private record Answer(String body, Map<String, String> headers) {
    }

    /** One {@code GET}: the body and headers (names in lower case) on a 2xx status, else an exception naming it. */
    private Answer exchange(String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = http().execute(request); InputStream body = response.getBody()) {
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + path + " answered " + response.getStatusCode() + ": " + text.strip());
            }
            Map<String, String> headers = new HashMap<>();
            response.getHeaders().forEach((name, values) -> {
                if (name != null && values != null && !values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            return new Answer(text, headers);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (http == null) {
            return;
        }
        try {
            http.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
