package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.controlplane.PortReservations;
import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.pki.TlsContexts;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.StateDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds of one user starting envtest at the same moment (two executions of {@code mvn -T}, each with its own work
 * directory, one state directory): both control planes get ready, on ports of their own, and answer on them; their
 * port claims are given up once they are ready.
 */
class ParallelStartsIT {

    @TempDir
    Path temp;

    private final List<Path> works = List.of(Path.of("a"), Path.of("b"));

    private Path work(Path name) {
        return temp.resolve(name).resolve("target/envtest");
    }

    private Path state() {
        return temp.resolve("state");
    }

    private StartRequest request(Path work) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("XDG_STATE_HOME", state().toString());
        return StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT).bindAddress("127.0.0.1").containerHost("127.0.0.1")
                .startupTimeout(Duration.ofSeconds(120)).env(env).home(Path.of(System.getProperty("user.home"))).stopOnExit(true).build();
    }

    @AfterEach
    void stopBoth() {
        for (Path name : works) {
            new EnvtestStop(Reporter.silent(), List.of(), runs()).stop(work(name));
        }
    }

    private Path runs() {
        return StateDirectory.forUser(Map.of("XDG_STATE_HOME", state().toString()), Path.of("/nonexistent"), "Linux");
    }

    @Test
    void twoStartsAtOnceBothGetReadyOnPortsOfTheirOwn() throws Exception {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<StartedEnvtest>> starts = new ArrayList<>();
        for (Path name : works) {
            StartRequest request = request(work(name));
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return new EnvtestStart(Reporter.silent(), List.of()).start(request);
            }, runnable -> new Thread(runnable, "start-" + name).start()));
        }
        go.countDown();
        List<RunningControlPlane> planes = new ArrayList<>();
        for (CompletableFuture<StartedEnvtest> start : starts) {
            planes.add(start.get(180, TimeUnit.SECONDS).controlPlane());
        }

        Set<Integer> ports = new HashSet<>();
        for (RunningControlPlane plane : planes) {
            ports.add(plane.port());
            ports.add(URI.create(plane.etcdUrl()).getPort());
        }
        assertEquals(4, ports.size(), "API server and etcd ports of both are distinct: " + ports);
        for (RunningControlPlane plane : planes) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TlsContexts.clientContext(plane.pki().authority().certificate(), plane.pki().admin())).build();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(plane.hostUrl() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), plane.hostUrl() + ": " + ready.body());
        }
        // each port is served by its own API server: the other's CA does not trust it
        HttpClient first = HttpClient.newBuilder()
                .sslContext(TlsContexts.clientContext(planes.get(0).pki().authority().certificate(), planes.get(0).pki().admin())).build();
        assertThrows(javax.net.ssl.SSLException.class, () -> first.send(HttpRequest.newBuilder(URI.create(planes.get(1).hostUrl()
                + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()));
        Path claims = PortReservations.besideRuns(runs());
        try (Stream<Path> files = Files.list(claims)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("port-")).toList(),
                    "both gave their claims up once ready");
        }
    }
}
