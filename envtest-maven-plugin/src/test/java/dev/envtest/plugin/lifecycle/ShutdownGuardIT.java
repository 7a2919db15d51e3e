package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * If the JVM that ran {@code start} dies before {@code stop} (SIGTERM, as when CI cancels a job or a user presses
 * Ctrl-C), its shutdown hook stops etcd and kube-apiserver. Runs a real start in a second JVM and terminates it.
 */
class ShutdownGuardIT {

    @TempDir
    Path work;

    /** The second JVM: starts envtest in {@code args[0]}, prints READY, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        StartRequest request = StartRequest.builder(Path.of(args[0])).kubernetesVersion(KubernetesVersion.DEFAULT)
                .bindAddress("127.0.0.1").containerHost("auto").startupTimeout(Duration.ofSeconds(60)).env(System.getenv())
                .home(Path.of(System.getProperty("user.home"))).stopOnExit(true).build();
        new EnvtestStart(Reporter.silent(), List.of()).start(request);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void terminatingTheJvmStopsTheControlPlane() throws Exception {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShutdownGuardIT.class.getName(), work.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                seen.append(line).append('\n');
            }
            assertEquals("READY", line, "the second JVM did not start envtest:\n" + seen);
            List<SessionFile.ProcessEntry> recorded = SessionFile.load(work.resolve("session.json")).orElseThrow().processes();
            assertEquals(List.of("supervisor", "etcd", "kube-apiserver"), recorded.stream().map(p -> p.name).toList());
            assertTrue(recorded.stream().allMatch(p -> p.live().isPresent()), "both run before the JVM is terminated");

            jvm.toHandle().destroy(); // SIGTERM: shutdown hooks run (Process.destroy would also close its output)
            assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM exits");
            for (SessionFile.ProcessEntry p : recorded) {
                Optional<ProcessHandle> handle = ProcessHandle.of(p.pid);
                handle.ifPresent(h -> h.onExit().orTimeout(20, TimeUnit.SECONDS).join());
                assertFalse(p.live().isPresent(), p.name + " (pid " + p.pid + ") was stopped by the shutdown hook");
            }
            StringBuilder rest = new StringBuilder();
            while ((line = out.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertTrue(rest.toString().contains("the shutdown hook stopped 2 processes (kube-apiserver, etcd)"), "the hook says what it stopped: " + rest);
            assertFalse(Files.exists(work.resolve("session.json")), "a run the hook ended leaves no record");
            assertFalse(Files.exists(work.resolve("etcd-data")), "nor etcd's data");
            assertTrue(Files.exists(work.resolve("logs/kube-apiserver.log")), "the logs are kept");
        } finally {
            jvm.destroyForcibly();
            new EnvtestStop(Reporter.silent(), List.of()).stop(work);
        }
    }
}
