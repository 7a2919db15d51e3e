package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The mode read from engine answers recorded on real installations (where each came from: resources/engine/README.md). */
class EngineInfoParserTest {

    static String resource(String name) throws IOException {
        try (InputStream in = EngineInfoParserTest.class.getResourceAsStream("/engine/" + name)) {
            if (in == null) {
                throw new IOException("no test resource /engine/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void recognisesPodmanFromItsVersionAnswer() throws IOException {
        EngineInfoParser.Product product = EngineInfoParser.product(resource("podman-4.3.1-version.json"));
        assertEquals("Podman", product.name());
        assertEquals("4.3.1", product.version());
        assertEquals(4, product.majorVersion());
        assertEquals("Podman", EngineInfoParser.product(resource("podman-4.5.1-machine-macos-version.json")).name());
    }

    @Test
    void recognisesDockerFromItsVersionAnswer() throws IOException {
        EngineInfoParser.Product engine = EngineInfoParser.product(resource("docker-20.10.24-debian12-version.json"));
        assertEquals("Docker", engine.name());
        assertEquals("20.10.24+dfsg1", engine.version());
        assertEquals("1.41", engine.apiVersion());
        EngineInfoParser.Product desktop = EngineInfoParser.product(resource("docker-desktop-4.33.0-macos-version.json"));
        assertEquals("Docker", desktop.name());
        assertEquals("27.1.1", desktop.version());
        assertEquals("1.46", desktop.apiVersion());
        // a Docker Desktop build whose engine calls itself "master" (docker/cli#4672)
        assertEquals("master", EngineInfoParser.product(resource("docker-desktop-4.25.2-windows-version.json")).version());
    }

    @Test
    void rootfulPodmanRecordedOnTheCiMachine() throws IOException {
        assertEquals(EngineMode.PODMAN_ROOTFUL,
                EngineInfoParser.podmanMode(resource("podman-4.3.1-rootful-libpod-info.json"), "linux"));
    }

    @Test
    void rootlessPodman5WithPasta() throws IOException {
        assertEquals(EngineMode.PODMAN_ROOTLESS_PASTA,
                EngineInfoParser.podmanMode(resource("podman-5.5-rootless-pasta-fedora42-libpod-info.json"), "linux"));
    }

    @Test
    void rootlessPodman4RecordedOnTheCiMachineUsesSlirp4netns() throws IOException {
        // Podman 4.3.1 has no host.rootlessNetworkCmd: slirp4netns is implied
        assertEquals(EngineMode.PODMAN_ROOTLESS_SLIRP4NETNS,
                EngineInfoParser.podmanMode(resource("podman-4.3.1-rootless-slirp4netns-debian12-libpod-info.json"), "linux"));
    }

    @Test
    void aPodmanClientOnMacOrWindowsTalksToAMachine() throws IOException {
        assertEquals(EngineMode.PODMAN_MACHINE,
                EngineInfoParser.podmanMode(resource("podman-5.4.1-machine-macos-libpod-info.json"), "darwin"));
        assertEquals(EngineMode.PODMAN_MACHINE,
                EngineInfoParser.podmanMode(resource("podman-5.0-machine-windows-wsl-libpod-info.json"), "windows"));
    }

    @Test
    void dockerEngineAndDockerDesktop() throws IOException {
        assertEquals(EngineMode.DOCKER_ENGINE, EngineInfoParser.dockerMode(resource("docker-20.10.24-debian12-info.json"), "linux"));
        assertEquals(EngineMode.DOCKER_DESKTOP, EngineInfoParser.dockerMode(resource("docker-desktop-4.33.0-macos-info.json"), "darwin"));
        assertEquals(EngineMode.DOCKER_DESKTOP, EngineInfoParser.dockerMode(resource("docker-desktop-4.25.2-windows-info.json"), "windows"));
        // Docker Desktop for Linux names itself the same way
        assertEquals(EngineMode.DOCKER_DESKTOP, EngineInfoParser.dockerMode(resource("docker-desktop-4.33.0-macos-info.json"), "linux"));
    }

    @Test
    void podmansPingHeadersNameItAndItsVersion() {
        // recorded from Podman 4.3.1's /_ping on the CI machine
        java.util.Map<String, String> headers = java.util.Map.of("api-version", "1.41", "libpod-api-version", "4.3.1",
                "server", "Libpod/4.3.1 (linux)", "docker-experimental", "true");
        EngineInfoParser.Product product = EngineInfoParser.productFromPing(headers).orElseThrow();
        assertEquals(new EngineInfoParser.Product("Podman", "4.3.1", "1.41"), product);
        assertEquals(4, product.majorVersion());
    }

    @Test
    void dockersPingHeadersNameItAndItsVersion() {
        java.util.Map<String, String> headers = java.util.Map.of("api-version", "1.47", "server", "Docker/27.3.1 (linux)",
                "ostype", "linux", "docker-experimental", "false");
        assertEquals(new EngineInfoParser.Product("Docker", "27.3.1", "1.47"), EngineInfoParser.productFromPing(headers).orElseThrow());
    }

    @Test
    void aPingThatDoesNotTellLeavesTheQuestionToVersion() {
        assertEquals(java.util.Optional.empty(), EngineInfoParser.productFromPing(java.util.Map.of("api-version", "1.41")));
        assertEquals(java.util.Optional.empty(), EngineInfoParser.productFromPing(java.util.Map.of("server", "nginx")));
    }
}
