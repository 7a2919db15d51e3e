package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineInfoParserTest {

    static String resource(String name) throws IOException {
        try (InputStream in = EngineInfoParserTest.class.getResourceAsStream("/engine/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void recognisesPodmanFromItsVersionAnswer() throws IOException {
        EngineInfoParser.Product product = EngineInfoParser.product(resource("podman-4.3.1-version.json"));
        assertEquals("Podman", product.name());
        assertEquals("4.3.1", product.version());
        assertEquals(4, product.majorVersion());
    }

    @Test
    void recognisesDockerFromItsVersionAnswer() throws IOException {
        EngineInfoParser.Product product = EngineInfoParser.product(resource("docker-27-version.json"));
        assertEquals("Docker", product.name());
        assertEquals("27.3.1", product.version());
        assertEquals("1.47", product.apiVersion());
    }

    @Test
    void rootfulPodmanRecordedOnTheCiMachine() throws IOException {
        assertEquals(EngineMode.PODMAN_ROOTFUL,
                EngineInfoParser.podmanMode(resource("podman-4.3.1-rootful-libpod-info.json"), "linux"));
    }

    @Test
    void rootlessPodmanWithPasta() throws IOException {
        assertEquals(EngineMode.PODMAN_ROOTLESS_PASTA,
                EngineInfoParser.podmanMode(resource("podman-5-rootless-pasta-libpod-info.json"), "linux"));
    }

    @Test
    void rootlessPodman4UsesSlirp4netns() throws IOException {
        assertEquals(EngineMode.PODMAN_ROOTLESS_SLIRP4NETNS,
                EngineInfoParser.podmanMode(resource("podman-4-rootless-slirp4netns-libpod-info.json"), "linux"));
    }

    @Test
    void aPodmanClientOnMacOrWindowsTalksToAMachine() throws IOException {
        assertEquals(EngineMode.PODMAN_MACHINE,
                EngineInfoParser.podmanMode(resource("podman-4.3.1-rootful-libpod-info.json"), "darwin"));
        assertEquals(EngineMode.PODMAN_MACHINE,
                EngineInfoParser.podmanMode(resource("podman-5-rootless-pasta-libpod-info.json"), "windows"));
    }

    @Test
    void dockerEngineAndDockerDesktop() throws IOException {
        assertEquals(EngineMode.DOCKER_ENGINE, EngineInfoParser.dockerMode(resource("docker-engine-info.json"), "linux"));
        assertEquals(EngineMode.DOCKER_DESKTOP, EngineInfoParser.dockerMode(resource("docker-desktop-info.json"), "darwin"));
        assertEquals(EngineMode.DOCKER_DESKTOP, EngineInfoParser.dockerMode(resource("docker-desktop-info.json"), "linux"));
    }
}
