package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * On this machine's rootful Podman (.ci/setup): the short question (the ping's headers, the socket's owner) gives the
 * same answer as the full one ({@code /version}, then {@code /libpod/info}).
 */
class EngineClientIT {

    private static final String SOCKET = "unix:///run/podman/podman.sock";

    @Test
    void theShortQuestionAnswersAsTheFullOne() {
        assumeTrue(Files.exists(Path.of("/run/podman/podman.sock")), "the Podman API socket (.ci/setup) is needed");
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(30))) {
            EngineInfo shortAnswer = client.describe("linux");
            EngineInfoParser.Product product = EngineInfoParser.product(client.get("/version"));
            EngineMode mode = EngineInfoParser.podmanMode(client.get("/v" + product.majorVersion() + ".0.0/libpod/info"), "linux");
            assertEquals(new EngineInfo(SOCKET, product.name(), product.version(), product.apiVersion(), mode), shortAnswer);
            assertEquals(EngineMode.PODMAN_ROOTFUL, shortAnswer.mode());
        }
    }

    @Test
    void onlyALocalSocketOwnedByRootCountsAsRootful() throws Exception {
        assumeTrue(Files.exists(Path.of("/run/podman/podman.sock")), "the Podman API socket (.ci/setup) is needed");
        assertTrue(EngineClient.socketOwnedByRoot(SOCKET));
        assertFalse(EngineClient.socketOwnedByRoot("tcp://127.0.0.1:2375"));
        assertFalse(EngineClient.socketOwnedByRoot("unix:///nonexistent/podman.sock"));
        Path mine = Files.createTempFile("not-a-socket", ".sock");
        try {
            Object uid = Files.getAttribute(mine, "unix:uid");
            assertEquals(Integer.valueOf(0).equals(uid), EngineClient.socketOwnedByRoot("unix://" + mine));
        } finally {
            Files.delete(mine);
        }
    }

    @Test
    void thePingOverTheSocketWithTheJdkAloneReadsPodmansHeaders() throws Exception {
        assumeTrue(Files.exists(Path.of("/run/podman/podman.sock")), "the Podman API socket (.ci/setup) is needed");
        java.util.Map<String, String> headers = SocketPing.headers(Path.of("/run/podman/podman.sock"), Duration.ofSeconds(10));
        assertTrue(headers.containsKey("libpod-api-version"), headers.toString());
        assertTrue(headers.containsKey("api-version"), headers.toString());
    }
}
