package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging and committing into the store, including a version directory completed by a tool that takes no lock. */
class StoreInstallTest {

    private static final Platform LINUX = new Platform("linux", "amd64");

    @TempDir
    Path root;

    @Test
    void aCommitRenamesTheStagedFilesIntoPlaceReadOnly() throws IOException {
        EnvtestStore store = new EnvtestStore(root, LINUX);
        Path staging = stage(store);

        Path installed = store.commit(staging, "1.34.2");

        assertEquals(root.resolve("k8s/1.34.2-linux-amd64"), installed);
        assertFalse(Files.exists(staging));
        assertTrue(store.isInstalled("1.34.2"));
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.resolve("etcd"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed)));
        assertEquals(List.of("1.34.2-linux-amd64"), entries(store));
    }

    @Test
    void aVersionCompletedMeanwhileByAnotherToolWinsAndTheStagedCopyIsDropped() throws IOException {
        EnvtestStore store = new EnvtestStore(root, LINUX);
        Path theirs = Files.createDirectories(store.versionDirectory("1.34.2"));
        Files.writeString(theirs.resolve("etcd"), "theirs");
        Files.writeString(theirs.resolve("kube-apiserver"), "theirs");
        Path staging = stage(store);

        Path installed = store.commit(staging, "1.34.2");

        assertEquals(theirs, installed);
        assertEquals("theirs", Files.readString(installed.resolve("etcd")));
        assertEquals(List.of("1.34.2-linux-amd64"), entries(store), "no staging leftovers");
    }

    @Test
    void aHalfFilledVersionDirectoryIsAnErrorWithTheFix() throws IOException {
        EnvtestStore store = new EnvtestStore(root, LINUX);
        Path broken = Files.createDirectories(store.versionDirectory("1.34.2"));
        Files.writeString(broken.resolve("kubectl"), "only kubectl");
        Path staging = stage(store);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.commit(staging, "1.34.2"));

        assertEquals(broken + " exists but holds no etcd and kube-apiserver. Fix: delete it (chmod -R u+w first), then run again.",
                e.getMessage());
        assertEquals(List.of("1.34.2-linux-amd64"), entries(store));
    }

    @Test
    void locksAreHiddenFilesThatSetupEnvtestIgnores() {
        EnvtestStore store = new EnvtestStore(root, LINUX);
        assertEquals(root.resolve("k8s/.1.34.2-linux-amd64.lock"), store.lockFile("1.34.2-linux-amd64"));
        assertEquals(root.resolve("k8s/.artifact-com.example_envtest_1.34.2_linux-amd64.lock"),
                store.lockFile("artifact-com.example:envtest:1.34.2:linux-amd64"));
    }

    private static Path stage(EnvtestStore store) throws IOException {
        Path staging = store.createStagingDirectory();
        Files.writeString(staging.resolve("etcd"), "ours");
        Files.writeString(staging.resolve("kube-apiserver"), "ours");
        assertTrue(staging.getFileName().toString().startsWith(".envtest-maven-plugin-staging-"));
        return staging;
    }

    private static List<String> entries(EnvtestStore store) throws IOException {
        try (Stream<Path> list = Files.list(store.k8sDirectory())) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
