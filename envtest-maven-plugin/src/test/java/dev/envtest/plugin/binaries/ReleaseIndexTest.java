package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseIndexTest {

    private static final String H1 = "a".repeat(128);
    private static final String H2 = "B".repeat(128);
    private static final URI SOURCE = URI.create("https://mirror.example/envtest/envtest-releases.yaml");
    private static final Platform LINUX = new Platform("linux", "amd64");
    private static final Platform MAC = new Platform("darwin", "arm64");

    /** The shape of controller-tools' envtest-releases.yaml (hashes shortened to fakes of the right length). */
    private static final String YAML = """
            releases:
              v1.33.0:
                envtest-v1.33.0-linux-amd64.tar.gz:
                  hash: %1$s
                  selfLink: https://github.com/kubernetes-sigs/controller-tools/releases/download/envtest-v1.33.0/envtest-v1.33.0-linux-amd64.tar.gz
              v1.34.1:
                envtest-v1.34.1-linux-amd64.tar.gz:
                  hash: %1$s
                  selfLink: v1.34.1/envtest-v1.34.1-linux-amd64.tar.gz
                envtest-v1.34.1-darwin-arm64.tar.gz:
                  hash: %2$s
                  selfLink: /elsewhere/envtest-v1.34.1-darwin-arm64.tar.gz
              v1.34.2:
                envtest-v1.34.2-linux-amd64.tar.gz:
                  hash: %1$s
                  selfLink: https://github.com/kubernetes-sigs/controller-tools/releases/download/envtest-v1.34.2/envtest-v1.34.2-linux-amd64.tar.gz
              v1.35.0-rc.0:
                envtest-v1.35.0-rc.0-linux-amd64.tar.gz:
                  hash: %1$s
                  selfLink: https://example/rc.tar.gz
              v1.35.0:
                envtest-v1.35.0-darwin-arm64.tar.gz:
                  hash: %2$s
                  selfLink: https://example/mac.tar.gz
                envtest-v1.35.0-linux-amd64.tar.gz:
                  hash: not-a-hash
                  selfLink: https://example/broken.tar.gz
            """.formatted(H1, H2);

    private final ReleaseIndex index = ReleaseIndex.parse(YAML, SOURCE);

    @Test
    void readsEveryWellFormedArchive() {
        assertEquals(List.of("1.33.0 linux-amd64", "1.34.1 linux-amd64", "1.34.1 darwin-arm64", "1.34.2 linux-amd64",
                "1.35.0 darwin-arm64"), index.releases().stream().map(r -> r.version() + " " + r.platform()).toList());
    }

    @Test
    void exactVersionAndRelativeLinksResolveAgainstTheIndex() {
        ReleaseIndex.Release r = index.select(KubernetesVersion.parse("1.34.1"), LINUX).orElseThrow();
        assertEquals(URI.create("https://mirror.example/envtest/v1.34.1/envtest-v1.34.1-linux-amd64.tar.gz"), r.url());
        assertEquals(H1, r.sha512());
        assertEquals("envtest-v1.34.1-linux-amd64.tar.gz", r.archiveName());
        assertEquals(URI.create("https://mirror.example/elsewhere/envtest-v1.34.1-darwin-arm64.tar.gz"),
                index.select(KubernetesVersion.parse("v1.34.1"), MAC).orElseThrow().url());
        assertEquals("b".repeat(128), index.select(KubernetesVersion.parse("1.34.1"), MAC).orElseThrow().sha512(), "hash lower-cased");
    }

    @Test
    void wildcardAndLatestPickTheNewestForThePlatform() {
        assertEquals("1.34.2", index.select(KubernetesVersion.parse("1.34.x"), LINUX).orElseThrow().version());
        assertEquals("1.34.2", index.select(KubernetesVersion.parse("1.x"), LINUX).orElseThrow().version(),
                "1.35.0 for linux is malformed and the rc is not a release");
        assertEquals("1.34.2", index.select(KubernetesVersion.parse("latest"), LINUX).orElseThrow().version());
        assertEquals("1.35.0", index.select(KubernetesVersion.parse("latest"), MAC).orElseThrow().version());
        assertEquals(Optional.empty(), index.select(KubernetesVersion.parse("1.33.x"), MAC));
    }

    @Test
    void aMissNamesWhatTheIndexHasAndTheMalformedEntries() {
        BinaryNotFoundException e = assertThrows(BinaryNotFoundException.class,
                () -> index.require(KubernetesVersion.parse("1.35.x"), LINUX));
        assertEquals("Kubernetes 1.35.x for linux-amd64 is not in the release index " + SOURCE + ". It has for linux-amd64:"
                + " 1.34.2, 1.34.1, 1.33.0. Entries skipped as malformed: envtest-v1.35.0-linux-amd64.tar.gz has no valid hex"
                + " SHA-512 'hash'. Fix: set kubernetesVersion (-Denvtest.kubernetesVersion) to one of those, or point indexUrl"
                + " at an index that has it.", e.getMessage());
    }

    @Test
    void somethingElseIsNotAnIndex() {
        BinaryDownloadException notYaml = assertThrows(BinaryDownloadException.class,
                () -> ReleaseIndex.parse("releases: [unclosed", SOURCE));
        assertTrue(notYaml.getMessage().startsWith("The release index at " + SOURCE + " is not an envtest release index (not YAML: "),
                notYaml.getMessage());
        BinaryDownloadException html = assertThrows(BinaryDownloadException.class,
                () -> ReleaseIndex.parse("<html><body>Sign in to the proxy</body></html>", SOURCE));
        assertTrue(html.getMessage().contains("(it has no 'releases' map). Expected releases: {vX.Y.Z:"), html.getMessage());
        assertTrue(html.getMessage().endsWith("Fix: point indexUrl at a copy of " + ReleaseIndex.DEFAULT_URL + "."), html.getMessage());
    }
}
