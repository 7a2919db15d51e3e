package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinarySourcesTest {

    @Test
    void indexUrlsAndPaths() {
        assertEquals(URI.create(ReleaseIndex.DEFAULT_URL), BinarySources.parseIndexUrl(null));
        assertEquals(URI.create(ReleaseIndex.DEFAULT_URL), BinarySources.parseIndexUrl("  "));
        assertEquals(URI.create("https://mirror.example/envtest/envtest-releases.yaml"),
                BinarySources.parseIndexUrl(" https://mirror.example/envtest/envtest-releases.yaml "));
        assertEquals(URI.create("file:///srv/envtest/index.yaml"), BinarySources.parseIndexUrl("file:///srv/envtest/index.yaml"));
        assertEquals(Path.of("/srv/envtest/index.yaml").toUri(), BinarySources.parseIndexUrl("/srv/envtest/index.yaml"));
        assertEquals(Path.of("mirror/index.yaml").toAbsolutePath().toUri(), BinarySources.parseIndexUrl("mirror/index.yaml"));
    }

    @Test
    void otherSchemesAndBrokenUrlsAreClearErrors() {
        for (String bad : new String[] {"ftp://mirror.example/index.yaml", "http://127.0.0.1:${mirror.port}/index.yaml", "https:///index.yaml"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinarySources.parseIndexUrl(bad), bad);
            assertTrue(e.getMessage().startsWith("indexUrl '" + bad + "' is not an http, https or file URL ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("or leave it out for " + ReleaseIndex.DEFAULT_URL + "."), e.getMessage());
        }
    }

    @Test
    void theStoreIsStoreDirectoryElseSetupEnvtestsDefault() {
        Platform linux = new Platform("linux", "amd64");
        assertEquals(Path.of("/data/envtest"), BinarySources.defaults().withStoreDirectory(Path.of("/data/envtest"))
                .store(linux, Map.of("XDG_DATA_HOME", "/xdg"), Path.of("/home/me")).root());
        assertEquals(Path.of("/xdg/kubebuilder-envtest"), BinarySources.defaults()
                .store(linux, Map.of("XDG_DATA_HOME", "/xdg"), Path.of("/home/me")).root());
        assertEquals(Path.of("/home/me/.local/share/kubebuilder-envtest"), BinarySources.defaults()
                .store(linux, Map.of(), Path.of("/home/me")).root());
    }
}
