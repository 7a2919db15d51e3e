package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input gets an error that names the cause and the fix, and leaves nothing running: no etcd or
 * kube-apiserver child of this JVM, and no session file claiming something still runs. Real binaries from the
 * setup-envtest store (installed by .ci/setup).
 */
class StartFailuresIT {

    @TempDir
    Path work;

    private final Map<String, String> env = new HashMap<>(System.getenv());


    private StartRequest request(String bindAddress, int apiServerPort, List<String> apiServerArgs, Optional<Path> binaryDirectory) {
        return builder(bindAddress, apiServerPort, apiServerArgs, binaryDirectory).build();
    }

    private StartRequest.Builder builder(String bindAddress, int apiServerPort, List<String> apiServerArgs, Optional<Path> binaryDirectory) {
        return StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(binaryDirectory)
                .bindAddress(bindAddress).containerHost("auto").apiServerPort(apiServerPort).apiServerArgs(apiServerArgs)
                .startupTimeout(Duration.ofSeconds(60)).env(env).home(Path.of(System.getProperty("user.home"))).stopOnExit(true);
    }

    private RuntimeException startFails(StartRequest request) {
        return assertThrows(RuntimeException.class, () -> new EnvtestStart(Reporter.silent(), List.of()).start(request));
    }

    @AfterEach
    void nothingIsLeftRunning() {
        List<String> children = ProcessHandle.current().descendants()
                .map(h -> h.info().command().orElse(""))
                .filter(c -> c.endsWith("etcd") || c.endsWith("kube-apiserver"))
                .toList();
        assertEquals(List.of(), children, "no etcd or kube-apiserver may survive a failed start");
        assertFalse(Files.exists(work.resolve("session.json")), "the session is closed after cleanup");
        assertFalse(Files.exists(work.resolve("etcd-data")), "etcd's data is removed");
        // the ports claimed for etcd and kube-apiserver are given up by a start that fails
        Path ports = dev.envtest.plugin.controlplane.PortReservations.besideRuns(dev.envtest.plugin.session.StateDirectory.forUser(
                env, Path.of(System.getProperty("user.home")), System.getProperty("os.name")));
        try (java.util.stream.Stream<Path> claims = Files.isDirectory(ports) ? Files.list(ports) : java.util.stream.Stream.empty()) {
            List<Path> ours = claims.filter(f -> f.getFileName().toString().startsWith("port-")).filter(f -> {
                try {
                    return Files.readString(f).contains("pid=" + ProcessHandle.current().pid() + "\n");
                } catch (IOException e) {
                    return false;
                }
            }).toList();
            assertEquals(List.of(), ours, "no port claim of this JVM is left");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void binaryNotFound() throws IOException {
        // an existing directory without the binaries (one that does not exist is refused earlier: BadInputsIT)
        Files.createDirectories(work.resolve("no-binaries"));
        env.remove("KUBEBUILDER_ASSETS");
        env.remove("TEST_ASSET_ETCD");
        env.remove("TEST_ASSET_KUBE_APISERVER");
        env.put("XDG_DATA_HOME", work.resolve("empty-store").toString());
        // offline: with nothing installed, every place looked at is listed (online, a download would come next)
        RuntimeException e = startFails(builder("127.0.0.1", 0, List.of(), Optional.of(work.resolve("no-binaries")))
                .binarySources(BinarySources.installedOnly()).build());
        assertTrue(e.getMessage().contains("etcd was not found. Looked at:"), e.getMessage());
        assertTrue(e.getMessage().contains("binaryDirectory (-Denvtest.binaryDirectory): " + work.resolve("no-binaries/etcd")), e.getMessage());
        assertTrue(e.getMessage().contains("setup-envtest use " + KubernetesVersion.DEFAULT), e.getMessage());
    }

    @Test
    void binaryNotExecutable() throws IOException {
        Path dir = Files.createDirectories(work.resolve("bin"));
        for (String name : new String[] {"etcd", "kube-apiserver"}) {
            Files.writeString(dir.resolve(name), "not a program");
            Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
        RuntimeException e = startFails(request("127.0.0.1", 0, List.of(), Optional.of(dir)));
        assertTrue(e.getMessage().contains(dir.resolve("etcd") + " (from binaryDirectory"), e.getMessage());
        assertTrue(e.getMessage().contains("is not executable. Fix: chmod +x"), e.getMessage());
    }

    @Test
    void apiServerPortAlreadyTaken() throws IOException {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            RuntimeException e = startFails(request("127.0.0.1", taken.getLocalPort(), List.of(), Optional.empty()));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("-Denvtest.apiServerPort=0"), e.getMessage());
        }
    }

    @Test
    void apiServerExitsAtOnceOnABadExtraFlag() {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        RuntimeException e = startFails(request("127.0.0.1", 0, List.of("--no-such-flag=1"), Optional.empty()));
        assertTrue(e.getMessage().contains("kube-apiserver exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown flag: --no-such-flag"), "the API server's own words are quoted: " + e.getMessage());
        assertTrue(e.getMessage().contains("kube-apiserver.log"), e.getMessage());
        assertTrue(Files.exists(work.resolve("logs/kube-apiserver.log")), "logs are kept");
    }

    @Test
    void bindAddressThatIsNotOnThisMachine() {
        RuntimeException e = startFails(request("203.0.113.9", 0, List.of(), Optional.empty()));
        assertTrue(e.getMessage().contains("bindAddress 203.0.113.9 is not an address of this machine"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: use 'auto'"), e.getMessage());
    }

    @Test
    void aSecondStartReapsWhatAnEarlierRunLeft() {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        StartedEnvtest first = new EnvtestStart(Reporter.silent(), List.of()).start(request("127.0.0.1", 0, List.of(), Optional.empty()));
        List<ProcessHandle> firstProcesses = first.controlPlane().processes().stream().map(p -> p.handle()).toList();
        // a new start in the same work directory (as after a crashed build) stops the earlier processes first
        StartedEnvtest second = new EnvtestStart(Reporter.silent(), List.of()).start(request("127.0.0.1", 0, List.of(), Optional.empty()));
        assertTrue(firstProcesses.stream().noneMatch(ProcessHandle::isAlive), "the earlier run's processes were stopped");
        assertTrue(second.controlPlane().processes().stream().allMatch(p -> p.alive()));
        assertEquals(List.of("kube-apiserver", "etcd"), new EnvtestStop(Reporter.silent(), List.of()).stop(work).processes());
        assertTrue(new EnvtestStop(Reporter.silent(), List.of()).stop(work).isEmpty(), "stop is idempotent");
    }
}
