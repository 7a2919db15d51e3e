package dev.envtest.it.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The start goal got its binaries only through the download path: the store under target/ was empty, the local
 * mirror served the index and the archive once, and the API server and etcd now running are those files.
 */
class DownloadedBinariesIT {

    private final Envtest envtest = Envtest.load();
    private final String version = System.getProperty("mirror.kubernetesVersion");
    private final Path store = Path.of(System.getProperty("mirror.store"));
    private final String platform = "linux-" + (System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64");
    private final Path installed = store.resolve("k8s/" + version + "-" + platform);

    @Test
    void theBinariesWereDownloadedVerifiedAndInstalledIntoTheStore() throws IOException {
        String source = envtest.property("envtest.binaries.source");
        assertTrue(source.startsWith("downloaded from http://127.0.0.1:") && source.endsWith("/v" + version + "/envtest-v"
                        + version + "-" + platform + ".tar.gz (SHA-512 verified)"),
                source + " (TEST_ASSET_* and KUBEBUILDER_ASSETS must be unset for this project)");
        assertEquals(installed.toString(), envtest.property("envtest.binaries"));
        for (String name : new String[] {"etcd", "kube-apiserver", "kubectl"}) {
            assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.resolve(name))), name);
        }
        try (Stream<Path> entries = Files.list(store.resolve("k8s"))) {
            assertEquals(List.of(version + "-" + platform), entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".lock")).toList(), "nothing half-installed next to it");
        }
        List<String> gets = Files.readAllLines(Path.of(System.getProperty("mirror.log"))).stream()
                .filter(l -> l.contains("\"GET ")).toList();
        assertEquals(1, gets.stream().filter(l -> l.contains("GET /envtest-releases.yaml ") && l.contains("\" 200 ")).count(), gets.toString());
        assertEquals(1, gets.stream().filter(l -> l.contains(".tar.gz ") && l.contains("\" 200 ")).count(), gets.toString());
    }

    @Test
    void theRunningControlPlaneIsTheDownloadedBinaries() throws IOException {
        List<String> running = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    Path exe = Files.readSymbolicLink(proc.resolve("exe"));
                    if (exe.startsWith(installed)) {
                        running.add(exe.getFileName().toString());
                    }
                } catch (IOException | SecurityException gone) {
                    // process ended or not ours to inspect
                }
            }
        }
        assertTrue(running.contains("kube-apiserver") && running.contains("etcd"), "processes running from " + installed + ": " + running);
    }

    @Test
    void theApiServerAnswersWithItsVersionAndStoresObjects() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(envtest.kubeconfig()));
        assertFalse(config.isTrustCerts());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            VersionInfo info = client.getKubernetesVersion();
            assertEquals("v" + version, info.getGitVersion());
            String name = "it-binaries-download-" + Long.toHexString(System.nanoTime());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
            assertEquals(name, client.namespaces().withName(name).get().getMetadata().getName());
        }
        assertEquals(version, envtest.property("envtest.kubernetes.version"));
    }
}
