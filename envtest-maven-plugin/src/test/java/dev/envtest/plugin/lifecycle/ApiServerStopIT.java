package dev.envtest.plugin.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.StoreBinaries;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.controlplane.ManagedProcess;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a real kube-apiserver is stopped: SIGTERM, and SIGKILL once its secure port is closed, so its graceful steps
 * (pre-shutdown hooks, no new requests, the requests in flight drained) are done and only net/http's GOAWAY wait is cut;
 * with an audit log it gets its whole grace and exits by itself, having flushed the log. {@code --v=1} makes
 * kube-apiserver log each graceful step.
 */
class ApiServerStopIT {

    @TempDir
    Path work;

    @TempDir
    Path cache;

    private StartRequest request(List<String> apiServerArgs) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("XDG_CACHE_HOME", cache.toString());
        return StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(Optional.of(StoreBinaries.directory()))
                .bindAddress("127.0.0.1").containerHost("localhost").startupTimeout(Duration.ofSeconds(60))
                .env(env).home(Path.of(System.getProperty("user.home"))).stopOnExit(true).warmEtcd(false)
                .apiServerArgs(apiServerArgs).build();
    }

    private static ManagedProcess apiServer(StartedEnvtest started) {
        return started.controlPlane().processes().stream().filter(p -> p.name().equals("kube-apiserver")).findFirst().orElseThrow();
    }

    private String apiServerLog() throws Exception {
        return Files.readString(WorkDirectory.of(work).log("kube-apiserver"));
    }

    @AfterEach
    void nothingIsLeftRunning() {
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);
        List<String> children = ProcessHandle.current().descendants().map(h -> h.info().command().orElse(""))
                .filter(c -> c.endsWith("etcd") || c.endsWith("kube-apiserver")).toList();
        assertEquals(List.of(), children);
    }

    @Test
    void theApiServerIsKilledOnceItsListenerClosedAfterItsGracefulSteps() throws Exception {
        StartedEnvtest started = new EnvtestStart(Reporter.silent(), List.of()).start(request(List.of("--v=1")));
        ManagedProcess apiServer = apiServer(started);
        started.controlPlane().stop();
        String log = apiServerLog();
        for (String step : List.of("name=\"PreShutdownHooksStopped\"", "name=\"InFlightRequestsDrained\"",
                "name=\"HTTPServerStoppedListening\"")) {
            assertTrue(log.contains(step), "graceful step " + step + " done before the kill");
        }
        apiServer.handle().onExit().get();
        // 0 had it run on through the second net/http gives its own loopback client's GOAWAY (the log would end with
        // "apiserver is exiting"); the stop polls every 10 ms
        assertEquals(137, exitCode(apiServer), "SIGKILL once the listener closed");
    }

    @Test
    void withAnAuditLogTheApiServerExitsByItselfAfterFlushingIt() throws Exception {
        Path policy = Files.writeString(work.resolve("audit-policy.yaml"),
                "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n");
        Path audit = work.resolve("audit.log");
        StartedEnvtest started = new EnvtestStart(Reporter.silent(), List.of()).start(request(List.of("--v=1",
                "--audit-policy-file=" + policy, "--audit-log-path=" + audit, "--audit-log-mode=batch")));
        ManagedProcess apiServer = apiServer(started);
        started.controlPlane().stop();
        apiServer.handle().onExit().get();
        assertEquals(0, exitCode(apiServer), "no kill: it exited by itself");
        String log = apiServerLog();
        assertTrue(log.contains("audit backend shutdown completed") && log.contains("apiserver is exiting"),
                "the audit backend was shut down (batch flushed) and the server exited: " + log.lines().filter(l -> l.contains("graceful-termination")).toList());
        assertTrue(Files.size(audit) > 0, "the audit log holds the run's events");
    }

    private static int exitCode(ManagedProcess process) {
        // the JDK reaps its child beside; ManagedProcess.stop waited for it, so the code is there
        return process.exitCode();
    }
}
