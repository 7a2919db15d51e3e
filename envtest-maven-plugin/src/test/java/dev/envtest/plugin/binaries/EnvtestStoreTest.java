package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same store directories as setup-envtest, so each reuses what the other installed. */
class EnvtestStoreTest {

    private static final Path HOME = Path.of("/home/dev");

    @Test
    void linuxHonoursXdgDataHome() {
        Platform linux = new Platform("linux", "amd64");
        assertEquals(Path.of("/home/dev/.local/share/kubebuilder-envtest/k8s/1.34.2-linux-amd64"),
                EnvtestStore.defaultFor(linux, Map.of(), HOME).versionDirectory("1.34.2"));
        assertEquals(Path.of("/data/kubebuilder-envtest/k8s/1.34.2-linux-amd64"),
                EnvtestStore.defaultFor(linux, Map.of("XDG_DATA_HOME", "/data"), HOME).versionDirectory("1.34.2"));
    }

    @Test
    void macOsAndWindowsUseTheirOwnPlaces() {
        assertEquals(Path.of("/home/dev/Library/Application Support/io.kubebuilder.envtest"),
                EnvtestStore.defaultFor(new Platform("darwin", "arm64"), Map.of(), HOME).root());
        assertEquals(Path.of("C:/Users/dev/AppData/Local", "kubebuilder-envtest"),
                EnvtestStore.defaultFor(new Platform("windows", "amd64"), Map.of("LocalAppData", "C:/Users/dev/AppData/Local"), HOME).root());
    }

    @Test
    void platformNamesFollowGo() {
        assertEquals("linux-amd64", Platform.of("Linux", "amd64").toString());
        assertEquals("darwin-arm64", Platform.of("Mac OS X", "aarch64").toString());
        assertEquals("windows-amd64", Platform.of("Windows 11", "x86_64").toString());
        assertEquals("etcd.exe", Platform.of("Windows 11", "x86_64").executable("etcd"));
    }
}
