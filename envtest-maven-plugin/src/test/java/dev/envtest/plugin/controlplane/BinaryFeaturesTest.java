package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real executables (shell scripts that count their runs) and a real cache file; each new instance reads it afresh. */
class BinaryFeaturesTest {

    @TempDir
    Path dir;

    private Path binary(String name, String versionLine, boolean knowsNoFsync) throws Exception {
        Path script = dir.resolve(name);
        Path runs = dir.resolve(name + ".runs");
        Files.writeString(script, "#!/bin/sh\necho run >> '" + runs + "'\n"
                + "if [ \"$1\" = --version ]; then echo '" + versionLine + "'; echo 'Git SHA: abc'; exit 0; fi\n"
                + "echo 'Usage: etcd [flags]'\n" + (knowsNoFsync ? "echo '  --unsafe-no-fsync  Disables fsync'\n" : ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private long runs(String name) throws Exception {
        Path runs = dir.resolve(name + ".runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    @Test
    void answersAreKeptInTheFileAndNotAskedAgain() throws Exception {
        Path etcd = binary("etcd", "etcd Version: 3.6.4", true);
        Path cache = dir.resolve("state/binary-features.properties");
        BinaryFeatures first = new BinaryFeatures(cache);
        assertEquals("etcd Version: 3.6.4", first.version(etcd));
        assertTrue(first.etcdHasUnsafeNoFsync(etcd));
        assertEquals(2, runs("etcd"));
        assertTrue(Files.exists(cache), "written");

        BinaryFeatures another = new BinaryFeatures(cache);
        assertEquals("etcd Version: 3.6.4", another.version(etcd));
        assertTrue(another.etcdHasUnsafeNoFsync(etcd));
        assertEquals(2, runs("etcd"), "both answers came from the file");
    }

    @Test
    void aChangedBinaryIsAskedAgain() throws Exception {
        Path etcd = binary("etcd", "etcd Version: 3.5.0", false);
        Path cache = dir.resolve("binary-features.properties");
        assertFalse(new BinaryFeatures(cache).etcdHasUnsafeNoFsync(etcd));
        assertEquals("etcd Version: 3.5.0", new BinaryFeatures(cache).version(etcd));
        long before = runs("etcd");

        binary("etcd", "etcd Version: 3.6.4", true);
        Files.setLastModifiedTime(etcd, FileTime.from(Instant.now().plusSeconds(5)));
        assertTrue(new BinaryFeatures(cache).etcdHasUnsafeNoFsync(etcd), "the new binary's answer, not the kept one");
        assertEquals("etcd Version: 3.6.4", new BinaryFeatures(cache).version(etcd));
        assertEquals(before + 2, runs("etcd"));
    }

    @Test
    void aDamagedFileIsAskedAfreshAndRewritten() throws Exception {
        Path apiServer = binary("kube-apiserver", "Kubernetes v1.34.2", false);
        Path cache = dir.resolve("binary-features.properties");
        Files.writeString(cache, "\\u12"); // an invalid escape: Properties refuses it
        assertEquals("Kubernetes v1.34.2", new BinaryFeatures(cache).version(apiServer));
        assertEquals("Kubernetes v1.34.2", new BinaryFeatures(cache).version(apiServer));
        assertEquals(1, runs("kube-apiserver"));
    }

    @Test
    void aBinaryThatDoesNotRunIsNotKept() throws Exception {
        Path broken = dir.resolve("etcd");
        Files.writeString(broken, "not an executable");
        Path cache = dir.resolve("binary-features.properties");
        BinaryFeatures features = new BinaryFeatures(cache);
        assertEquals("unknown version", features.version(broken));
        assertFalse(features.etcdHasUnsafeNoFsync(broken));
        assertFalse(Files.exists(cache), "nothing to keep");

        binary("etcd", "etcd Version: 3.6.4", true);
        assertEquals("etcd Version: 3.6.4", new BinaryFeatures(cache).version(broken), "asked once it runs");
    }

    @Test
    void theBinariesOfTheStoreAnswerAsTheyDo() throws Exception {
        Path store = Path.of(System.getProperty("user.home"), ".local/share/kubebuilder-envtest/k8s/1.34.2-linux-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(store.resolve("etcd")), "the envtest store of .ci/setup");
        BinaryFeatures features = new BinaryFeatures(dir.resolve("binary-features.properties"));
        assertTrue(features.etcdHasUnsafeNoFsync(store.resolve("etcd")));
        assertTrue(features.version(store.resolve("etcd")).startsWith("etcd Version: 3."), features.version(store.resolve("etcd")));
        assertEquals("Kubernetes v1.34.2", features.version(store.resolve("kube-apiserver")));
    }

    @Test
    void uncachedAsksEveryTimeAndWritesNothing() throws Exception {
        Path apiServer = binary("kube-apiserver", "Kubernetes v1.34.2", false);
        BinaryFeatures features = BinaryFeatures.uncached();
        assertEquals("Kubernetes v1.34.2", features.version(apiServer));
        assertEquals("Kubernetes v1.34.2", features.version(apiServer));
        assertEquals(2, runs("kube-apiserver"));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".properties")).count());
        }
    }
}
