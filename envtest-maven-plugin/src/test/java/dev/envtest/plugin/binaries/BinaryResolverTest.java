package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup order: TEST_ASSET_*, binaryDirectory, KUBEBUILDER_ASSETS, the setup-envtest store. */
class BinaryResolverTest {

    private static final Platform LINUX = new Platform("linux", "amd64");

    @TempDir
    Path tmp;
    Path explicitDir;
    Path configuredDir;
    Path assetsDir;
    EnvtestStore store;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void layout() throws IOException {
        explicitDir = Files.createDirectories(tmp.resolve("explicit"));
        configuredDir = Files.createDirectories(tmp.resolve("configured"));
        assetsDir = Files.createDirectories(tmp.resolve("assets"));
        store = new EnvtestStore(tmp.resolve("store"), LINUX);
    }

    private static Path executable(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private ControlPlaneBinaries resolve(Optional<Path> binaryDirectory, String version) {
        return new BinaryResolver(env, binaryDirectory, store, KubernetesVersion.parse(version), Reporter.silent()).resolve();
    }

    @Test
    void eachBinaryTakesTheFirstPlaceThatHasIt() throws IOException {
        Path etcd = executable(explicitDir, "etcd");
        env.put("TEST_ASSET_ETCD", etcd.toString());
        executable(configuredDir, "etcd");
        Path apiServer = executable(configuredDir, "kube-apiserver");
        executable(assetsDir, "kube-apiserver");
        Path kubectl = executable(assetsDir, "kubectl");
        env.put("KUBEBUILDER_ASSETS", assetsDir.toString());

        ControlPlaneBinaries found = resolve(Optional.of(configuredDir), "1.34.2");
        assertEquals(etcd, found.etcd().path());
        assertEquals("TEST_ASSET_ETCD", found.etcd().source());
        assertEquals(apiServer, found.kubeApiServer().path());
        assertTrue(found.kubeApiServer().source().startsWith("binaryDirectory"));
        assertEquals(kubectl, found.kubectl().orElseThrow().path());
    }

    @Test
    void kubebuilderAssetsBeatsTheStore() throws IOException {
        Path versionDir = Files.createDirectories(store.versionDirectory("1.34.2"));
        executable(versionDir, "etcd");
        executable(versionDir, "kube-apiserver");
        Path etcd = executable(assetsDir, "etcd");
        env.put("KUBEBUILDER_ASSETS", assetsDir.toString());
        ControlPlaneBinaries found = resolve(Optional.empty(), "1.34.2");
        assertEquals(etcd, found.etcd().path());
        assertEquals(versionDir.resolve("kube-apiserver"), found.kubeApiServer().path());
    }

    @Test
    void theStoreServesTheNewestVersionAWildcardSelects() throws IOException {
        for (String v : new String[] {"1.33.9", "1.34.2", "1.34.10"}) {
            Path d = Files.createDirectories(store.versionDirectory(v));
            executable(d, "etcd");
            executable(d, "kube-apiserver");
        }
        assertEquals(store.versionDirectory("1.34.10").resolve("etcd"), resolve(Optional.empty(), "1.34.x").etcd().path());
        assertEquals(store.versionDirectory("1.33.9").resolve("etcd"), resolve(Optional.empty(), "1.33.x").etcd().path());
        assertEquals(store.versionDirectory("1.34.10").resolve("etcd"), resolve(Optional.empty(), "latest").etcd().path());
    }

    @Test
    void missingBinariesListEveryPlaceLookedAtAndHowToFillOne() {
        BinaryNotFoundException e = assertThrows(BinaryNotFoundException.class, () -> resolve(Optional.of(configuredDir), "1.34.2"));
        String m = e.getMessage();
        assertTrue(m.contains("etcd was not found"), m);
        assertTrue(m.contains("kube-apiserver was not found"), m);
        assertTrue(m.contains("TEST_ASSET_ETCD: not set"), m);
        assertTrue(m.contains(configuredDir.resolve("etcd") + " (no such file)"), m);
        assertTrue(m.contains("KUBEBUILDER_ASSETS: not set"), m);
        assertTrue(m.contains(store.versionDirectory("1.34.2").resolve("kube-apiserver").toString()), m);
        assertTrue(m.contains("setup-envtest use 1.34.2"), m);
        assertTrue(m.contains("-Denvtest.binaryDirectory"), m);
    }

    @Test
    void aFileThatIsNotExecutableIsAnErrorNamingTheFix() throws IOException {
        Path etcd = configuredDir.resolve("etcd");
        Files.writeString(etcd, "not executable");
        Files.setPosixFilePermissions(etcd, PosixFilePermissions.fromString("rw-r--r--"));
        BinaryNotFoundException e = assertThrows(BinaryNotFoundException.class, () -> resolve(Optional.of(configuredDir), "1.34.2"));
        assertTrue(e.getMessage().contains("is not executable") && e.getMessage().contains("chmod +x " + etcd), e.getMessage());
    }
}
