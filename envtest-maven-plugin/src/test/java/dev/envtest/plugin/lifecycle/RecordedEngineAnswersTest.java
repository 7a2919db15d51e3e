package dev.envtest.plugin.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.pki.ControlPlanePki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every engine mode, from answers recorded on real installations (resources/engine/README.md says where each came
 * from), replayed by a local HTTP server to the real engine client: the mode it reads, and what follows for the user —
 * where the API server binds, the name containers dial, the --add-host entry, and that the name is one the serving
 * certificate always carries (so TLS verifies). Docker Engine and rootful/rootless Podman 4 also run for real in CI
 * (.ci/engine-lanes); the Podman machine, Docker Desktop and pasta rows are pinned only here.
 */
class RecordedEngineAnswersTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = RecordedEngineAnswersTest.class.getResourceAsStream("/engine/" + name)) {
            if (in == null) {
                throw new IOException("no test resource /engine/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Serves /_ping, /version, /info and /v{n}.0.0/libpod/info from the recorded files, as the engine did. */
    private static EngineInfo replay(String versionFile, String infoFile, String clientOs) throws IOException {
        Map<String, String> answers = Map.of("/_ping", "OK", "/version", resource(versionFile), "/info", resource(infoFile),
                "libpod/info", resource(infoFile));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.endsWith("/libpod/info") ? answers.get("libpod/info") : answers.get(path);
            byte[] bytes = (body == null ? "{\"message\":\"not recorded\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try (EngineClient client = new EngineClient("tcp://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5))) {
            return client.describe(clientOs);
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # where recorded                      | /version                                   | /info or /libpod/info                                      | client OS | mode                        | bind      | containers dial          | --add-host
        CI: rootful Podman 4.3.1             | podman-4.3.1-version.json                  | podman-4.3.1-rootful-libpod-info.json                      | linux     | PODMAN_ROOTFUL              | 0.0.0.0   | host.containers.internal |
        CI: rootless Podman 4.3.1            | podman-4.3.1-rootless-debian12-version.json| podman-4.3.1-rootless-slirp4netns-debian12-libpod-info.json| linux     | PODMAN_ROOTLESS_SLIRP4NETNS | 0.0.0.0   | host.containers.internal |
        CI: Docker Engine 20.10.24           | docker-20.10.24-debian12-version.json      | docker-20.10.24-debian12-info.json                         | linux     | DOCKER_ENGINE               | 0.0.0.0   | host.docker.internal     | host.docker.internal:host-gateway
        Docker Desktop 4.33.0 macOS          | docker-desktop-4.33.0-macos-version.json   | docker-desktop-4.33.0-macos-info.json                      | darwin    | DOCKER_DESKTOP              | 127.0.0.1 | host.docker.internal     |
        Docker Desktop 4.25.2 Windows        | docker-desktop-4.25.2-windows-version.json | docker-desktop-4.25.2-windows-info.json                    | windows   | DOCKER_DESKTOP              | 127.0.0.1 | host.docker.internal     |
        """)
    void aRecordedEngineIsReadAndPlaced(String where, String version, String info, String clientOs, EngineMode mode, String bind,
            String host, String addHost) throws IOException {
        EngineInfo engine = replay(version, info, clientOs);
        assertEquals(mode, engine.mode(), where);
        assertPlacement(where, mode, bind, host, addHost);
    }

    /**
     * Podman 5 modes: only their /libpod/info is recorded in public threads (with a /version of an older machine), so the
     * replay serves that /version with the recorded info: the client asks /v4.0.0/libpod/info, which Podman 5 serves too.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # where recorded                      | /libpod/info                                        | client OS | mode                  | bind      | containers dial
        Podman machine 5.4.1 macOS           | podman-5.4.1-machine-macos-libpod-info.json         | darwin    | PODMAN_MACHINE        | 127.0.0.1 | host.containers.internal
        Podman machine 5.0 Windows (WSL)     | podman-5.0-machine-windows-wsl-libpod-info.json     | windows   | PODMAN_MACHINE        | 127.0.0.1 | host.containers.internal
        rootless Podman 5.5 pasta Fedora 42  | podman-5.5-rootless-pasta-fedora42-libpod-info.json | linux     | PODMAN_ROOTLESS_PASTA | 0.0.0.0   | host.containers.internal
        """)
    void aRecordedPodman5IsReadAndPlaced(String where, String info, String clientOs, EngineMode mode, String bind, String host)
            throws IOException {
        EngineInfo engine = replay("podman-4.5.1-machine-macos-version.json", info, clientOs);
        assertEquals("Podman", engine.product(), where);
        assertEquals(mode, engine.mode(), where);
        assertPlacement(where, mode, bind, host, null);
    }

    private static void assertPlacement(String where, EngineMode mode, String bind, String host, String addHost) {
        HostAccess access = HostAccessPolicy.choose(mode);
        assertEquals(bind, access.bindAddress(), where + ": bind address");
        assertEquals(host, access.containerHost(), where + ": the name containers dial");
        assertEquals(Optional.ofNullable(addHost), access.addHost(), where + ": --add-host");
        assertTrue(ControlPlanePki.DEFAULT_SANS.contains(access.containerHost()),
                where + ": " + access.containerHost() + " must be a SAN of every serving certificate, or TLS verification fails");
        if (!bind.equals("0.0.0.0")) {
            assertTrue(ControlPlanePki.DEFAULT_SANS.contains(bind), where + ": the host side dials " + bind + ", also a SAN");
        }
    }
}
