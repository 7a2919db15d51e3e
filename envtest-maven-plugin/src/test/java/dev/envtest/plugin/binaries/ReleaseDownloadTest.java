package dev.envtest.plugin.binaries;

import static dev.envtest.plugin.binaries.ReleaseServer.archiveName;
import static dev.envtest.plugin.binaries.ReleaseServer.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.binaries.ReleaseServer.Bytes;
import dev.envtest.plugin.binaries.ReleaseServer.CutShort;
import dev.envtest.plugin.binaries.ReleaseServer.FileBody;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download link of the chain against a local release server that serves a real envtest archive (etcd,
 * kube-apiserver and kubectl 1.34.2 in the official layout), built once for the class.
 */
class ReleaseDownloadTest {

    private static final Platform HERE = Platform.current();
    private static ReleaseServer server;
    private static Path tarball;
    private static String tarballSha512;

    @TempDir
    Path store;

    @BeforeAll
    static void serve() throws IOException {
        tarball = EnvtestTarballs.real();
        tarballSha512 = EnvtestTarballs.sha512(tarball);
        server = new ReleaseServer();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void freshStoreIsFilledThenReusedWithoutARequest() throws Exception {
        String archive = "/releases/v1.34.2/" + archiveName("1.34.2", HERE);
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), tarballSha512, server.uri(archive).toString()}))
                .route(archive, new FileBody(tarball));

        ControlPlaneBinaries first = resolver("1.34.2", sources()).resolve();

        Path installed = store.resolve("k8s/1.34.2-" + HERE);
        assertEquals(installed, first.directory());
        assertEquals(installed.resolve("kube-apiserver"), first.kubeApiServer().path());
        assertEquals(installed.resolve("etcd"), first.etcd().path());
        assertEquals(Optional.of(installed.resolve("kubectl")), first.kubectl().map(ControlPlaneBinaries.ResolvedBinary::path));
        assertEquals("downloaded from " + server.uri(archive) + " (SHA-512 verified)", first.kubeApiServer().source());
        for (String name : new String[] {"etcd", "kube-apiserver", "kubectl"}) {
            assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.resolve(name))), name);
            assertEquals(EnvtestTarballs.sha512(EnvtestTarballs.sourceBinaries().resolve(name)),
                    EnvtestTarballs.sha512(installed.resolve(name)), name + " is byte-for-byte the packed binary");
        }
        assertEquals("Kubernetes v1.34.2", run(first.kubeApiServer().path(), "--version"));
        assertEquals(1, server.requests("/index.yaml"));
        assertEquals(1, server.requests(archive));
        assertEquals(List.of("1.34.2-" + HERE), visibleEntries(), "nothing but the version directory (no staging leftovers)");

        ControlPlaneBinaries second = resolver("1.34.2", sources()).resolve();

        assertEquals(first.kubeApiServer().path(), second.kubeApiServer().path());
        assertEquals("setup-envtest store for Kubernetes 1.34.2", second.kubeApiServer().source());
        assertEquals(2, server.totalRequests(), "the second resolve asked the server nothing");
    }

    @Test
    void wildcardSelectsTheNewestPatchOfThatMinor() {
        serveSeveralVersions();

        ControlPlaneBinaries binaries = resolver("1.34.x", sources()).resolve();

        assertEquals(store.resolve("k8s/1.34.2-" + HERE), binaries.directory());
        assertEquals(1, server.requests(archivePath("1.34.2")));
        assertEquals(1, server.totalRequests() - server.requests("/index.yaml"), "only the 1.34.2 archive was fetched");
        assertEquals(List.of("1.34.2-" + HERE), visibleEntries());
    }

    @Test
    void latestSelectsTheNewestReleaseForThisPlatform() {
        serveSeveralVersions();

        ControlPlaneBinaries binaries = resolver("latest", sources()).resolve();

        assertEquals(store.resolve("k8s/1.35.0-" + HERE), binaries.directory(), "1.36.0 exists only for another platform");
        assertEquals(1, server.requests(archivePath("1.35.0")));
        assertEquals(List.of("1.35.0-" + HERE), visibleEntries());
    }

    @Test
    void aSha512MismatchIsAClearErrorAndTheStoreIsUnchanged() throws Exception {
        String archive = archivePath("1.34.2");
        String wrong = EnvtestTarballs.sha512("something else".getBytes(StandardCharsets.UTF_8));
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), wrong, server.uri(archive).toString()}))
                .route(archive, new FileBody(tarball));
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryDownloadException e = assertThrows(BinaryDownloadException.class, () -> resolver("1.34.2", sources()).resolve());

        assertTrue(e.getMessage().startsWith("SHA-512 mismatch for " + server.uri(archive)), e.getMessage());
        assertTrue(e.getMessage().contains("says " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("hash to " + tarballSha512), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was installed"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void a404ForTheArchiveIsAClearErrorAndTheStoreIsUnchanged() throws Exception {
        String archive = archivePath("1.34.2");
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), tarballSha512, server.uri(archive).toString()}));
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryDownloadException e = assertThrows(BinaryDownloadException.class, () -> resolver("1.34.2", sources()).resolve());

        assertTrue(e.getMessage().contains(server.uri(archive) + " answered HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("a mirror must serve the index and every archive it links"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void aTruncatedArchiveIsAClearErrorAndTheStoreIsUnchanged() throws Exception {
        // the index describes the truncated file, so the hash passes and unpacking must notice
        byte[] head;
        try (var in = Files.newInputStream(tarball)) {
            head = in.readNBytes((int) (Files.size(tarball) * 6 / 10));
        }
        Path truncated = Files.write(store.getParent().resolve("truncated-" + System.nanoTime() + ".tar.gz"), head);
        String archive = archivePath("1.34.2");
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), EnvtestTarballs.sha512(head),
                        server.uri(archive).toString()}))
                .route(archive, new FileBody(truncated));
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryDownloadException e = assertThrows(BinaryDownloadException.class, () -> resolver("1.34.2", sources()).resolve());

        assertTrue(e.getMessage().startsWith("The envtest archive " + server.uri(archive) + " is truncated or malformed"), e.getMessage());
        assertEquals(before, snapshot());
        Files.delete(truncated);
    }

    @Test
    void aDownloadCutShortIsAClearErrorAndTheStoreIsUnchanged() throws Exception {
        String archive = archivePath("1.34.2");
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), tarballSha512, server.uri(archive).toString()}))
                .route(archive, new CutShort(tarball, 5 << 20));
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryDownloadException e = assertThrows(BinaryDownloadException.class, () -> resolver("1.34.2", sources()).resolve());

        assertTrue(e.getMessage().contains("the download of " + server.uri(archive)), e.getMessage());
        assertTrue(e.getMessage().contains("broke off") || e.getMessage().contains("is truncated"), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void anUnknownVersionIsAClearErrorWithoutFetchingAnArchive() throws Exception {
        serveSeveralVersions();
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryNotFoundException e = assertThrows(BinaryNotFoundException.class, () -> resolver("1.99.0", sources()).resolve());

        assertEquals("Kubernetes 1.99.0 for " + HERE + " is not in the release index " + server.uri("/index.yaml")
                + ". It has for " + HERE + ": 1.35.0, 1.34.2, 1.34.1, 1.33.9. Fix: set kubernetesVersion"
                + " (-Denvtest.kubernetesVersion) to one of those, or point indexUrl at an index that has it.", e.getMessage());
        assertEquals(1, server.totalRequests(), "only the index was read");
        assertEquals(before, snapshot());
    }

    @Test
    void offlineWithAnEmptyStoreSaysWhatIsMissingAndAsksNobody() {
        serveSeveralVersions();

        BinaryNotFoundException e = assertThrows(BinaryNotFoundException.class,
                () -> resolver("1.34.2", sources().withOffline(true)).resolve());

        String m = e.getMessage();
        assertTrue(m.startsWith("Offline (envtest.offline=true or mvn -o): nothing is downloaded, and Kubernetes 1.34.2 for "
                + HERE + " is not installed."), m);
        assertTrue(m.contains("etcd was not found. Looked at:"), m);
        assertTrue(m.contains("kube-apiserver was not found. Looked at:"), m);
        assertTrue(m.contains("setup-envtest store for Kubernetes 1.34.2: " + store.resolve("k8s/1.34.2-" + HERE + "/kube-apiserver")), m);
        assertTrue(m.contains("./mvnw envtest:binaries -Denvtest.kubernetesVersion=1.34.2"), m);
        assertEquals(0, server.totalRequests());
        assertEquals(Map.of(), snapshot(), "the store was not even created");
    }

    @Test
    void aMissingIndexNamesIndexUrl() throws Exception {
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryDownloadException e = assertThrows(BinaryDownloadException.class, () -> resolver("1.34.2", sources()).resolve());

        assertTrue(e.getMessage().startsWith("The envtest release index (indexUrl): " + server.uri("/index.yaml") + " answered HTTP 404"),
                e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void anArchiveWithoutKubeApiServerIsRefused() throws Exception {
        Path small = EnvtestTarballs.small(store.getParent().resolve("etcd-only-" + System.nanoTime() + ".tar.gz"),
                Map.of("etcd", "#!/bin/sh\necho etcd\n"));
        String archive = archivePath("1.34.2");
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), EnvtestTarballs.sha512(small),
                        server.uri(archive).toString()}))
                .route(archive, new FileBody(small));
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryDownloadException e = assertThrows(BinaryDownloadException.class, () -> resolver("1.34.2", sources()).resolve());

        assertEquals("The envtest archive " + server.uri(archive) + " holds etcd but not kube-apiserver. Nothing was installed."
                + " An envtest archive holds controller-tools/envtest/{etcd,kube-apiserver,kubectl}.", e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void notAnArchiveAtAllIsRefused() throws Exception {
        byte[] html = "<html>proxy login page</html>".getBytes(StandardCharsets.UTF_8);
        String archive = archivePath("1.34.2");
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), EnvtestTarballs.sha512(html),
                        server.uri(archive).toString()}))
                .route(archive, new Bytes(200, html));
        preinstallAnotherVersion();
        Map<String, Long> before = snapshot();

        BinaryDownloadException e = assertThrows(BinaryDownloadException.class, () -> resolver("1.34.2", sources()).resolve());

        assertTrue(e.getMessage().startsWith("The envtest archive " + server.uri(archive) + " is not a valid gzip file"), e.getMessage());
        assertEquals(before, snapshot());
    }

    private void serveSeveralVersions() {
        Platform other = new Platform(HERE.os().equals("darwin") ? "linux" : "darwin", HERE.arch());
        List<String[]> entries = new ArrayList<>();
        for (String v : new String[] {"1.33.9", "1.34.1", "1.34.2", "1.35.0"}) {
            entries.add(new String[] {v, archiveName(v, HERE), tarballSha512, server.uri(archivePath(v)).toString()});
            entries.add(new String[] {v, archiveName(v, other), tarballSha512, server.uri("/other/" + v).toString()});
            server.route(archivePath(v), new FileBody(tarball));
        }
        entries.add(new String[] {"1.36.0", archiveName("1.36.0", other), tarballSha512, server.uri("/other/1.36.0").toString()});
        server.text("/index.yaml", index(entries.toArray(new String[0][])));
    }

    private static String archivePath(String version) {
        return "/releases/v" + version + "/" + archiveName(version, HERE);
    }

    private BinarySources sources() {
        return BinarySources.defaults().withStoreDirectory(store).withIndexUrl(server.uri("/index.yaml"));
    }

    private BinaryResolver resolver(String version, BinarySources sources) {
        return BinaryResolver.forThisMachine(version, Optional.empty(), sources, Map.of(), store.resolve("home"), Reporter.silent());
    }

    /** Every path under the store with its size, lock files left out (they stay, empty, by design). */
    private Map<String, Long> snapshot() {
        Map<String, Long> entries = new TreeMap<>();
        if (!Files.exists(store.resolve("k8s"))) {
            return entries;
        }
        try (Stream<Path> walk = Files.walk(store.resolve("k8s"))) {
            for (Path p : walk.toList()) {
                if (!p.getFileName().toString().endsWith(".lock")) {
                    entries.put(store.relativize(p).toString(), Files.isRegularFile(p) ? Files.size(p) : -1L);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return entries;
    }

    private List<String> visibleEntries() {
        try (Stream<Path> list = Files.list(store.resolve("k8s"))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String run(Path binary, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** An older version already in the store (tiny stand-ins), so "unchanged" has something to compare. */
    private void preinstallAnotherVersion() throws IOException {
        Path dir = Files.createDirectories(store.resolve("k8s/1.30.0-" + HERE));
        Files.writeString(dir.resolve("etcd"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("kube-apiserver"), "#!/bin/sh\n");
    }
}
