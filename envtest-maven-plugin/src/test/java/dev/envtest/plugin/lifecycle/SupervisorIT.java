package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.StateDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL leaves no shutdown hook: the supervisor started beside etcd and kube-apiserver ends them when the JVM that
 * started them dies, with no further run; and when {@code start} is run on its own (keepRunning), it follows nothing.
 * The record outside target/ lets the next start find a run whose work directory was deleted ({@code mvn clean}).
 */
class SupervisorIT {

    @TempDir
    Path temp;

    /** The second JVM: starts envtest in {@code args[0]} (stopOnExit = {@code args[1]}), prints READY, waits. */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("XDG_STATE_HOME", args[2]);
        StartRequest request = StartRequest.builder(Path.of(args[0])).kubernetesVersion(KubernetesVersion.DEFAULT)
                .bindAddress("127.0.0.1").containerHost("auto").startupTimeout(Duration.ofSeconds(60)).env(env)
                .home(Path.of(System.getProperty("user.home"))).stopOnExit(Boolean.parseBoolean(args[1])).build();
        new EnvtestStart(Reporter.silent(), List.of()).start(request);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }

    private Path work() {
        return temp.resolve("project/target/envtest");
    }

    private Path state() {
        return temp.resolve("state");
    }

    private Path runs() {
        return StateDirectory.forUser(Map.of("XDG_STATE_HOME", state().toString()), Path.of("/nonexistent"), "Linux");
    }

    private Process startInAnotherJvm(boolean stopOnExit) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SupervisorIT.class.getName(),
                work().toString(), Boolean.toString(stopOnExit), state().toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            seen.append(line).append('\n');
        }
        assertEquals("READY", line, "the second JVM did not start envtest:\n" + seen);
        return jvm;
    }

    @Test
    void sigkillOfTheJvmStopsTheControlPlaneAndTheSupervisor() throws Exception {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        Process jvm = startInAnotherJvm(true);
        try {
            List<SessionFile.ProcessEntry> recorded = SessionFile.load(work().resolve("session.json")).orElseThrow().processes();
            assertEquals(List.of("supervisor", "etcd", "kube-apiserver"), recorded.stream().map(p -> p.name).toList());
            assertTrue(recorded.stream().allMatch(p -> p.live().isPresent()), "all run before the JVM is killed");
            Path mirror = StateDirectory.recordFor(runs(), work());
            assertTrue(Files.isRegularFile(mirror), "the run is recorded outside target/ too: " + mirror);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runs())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mirror)));

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the JVM is gone");
            for (SessionFile.ProcessEntry p : recorded) {
                ProcessHandle.of(p.pid).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
                assertFalse(p.live().isPresent(), p.name + " (pid " + p.pid + ") ended after the JVM's SIGKILL");
            }
            String log = Files.readString(work().resolve("logs/supervisor.log"));
            assertTrue(log.contains("sent SIGTERM to kube-apiserver") && log.contains("sent SIGTERM to etcd"), log);

            // mvn clean: the work directory is gone, the record outside it is not; the next start reads it and removes it
            deleteRecursively(temp.resolve("project"));
            List<String> said = new ArrayList<>();
            Reporter reporter = new Reporter() {
                public void info(String m) {
                    said.add(m);
                }

                public void warn(String m) {
                    said.add(m);
                }

                public void debug(String m) {
                }
            };
            EnvtestStop stop = new EnvtestStop(reporter, List.of(), runs());
            assertTrue(stop.hasRecord(work()), "the next run finds the killed run's record after a clean");
            assertTrue(stop.stop(work()).isEmpty(), "its processes were already ended by the supervisor");
            assertFalse(Files.exists(mirror), "the record is removed once nothing of it runs");
        } finally {
            jvm.destroyForcibly();
            new EnvtestStop(Reporter.silent(), List.of(), runs()).stop(work());
        }
    }

    @Test
    void startRunOnItsOwnIsFollowedByNoSupervisor() throws Exception {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        Process jvm = startInAnotherJvm(false);
        try {
            List<SessionFile.ProcessEntry> recorded = SessionFile.load(work().resolve("session.json")).orElseThrow().processes();
            assertEquals(List.of("etcd", "kube-apiserver"), recorded.stream().map(p -> p.name).toList(), "no supervisor");
            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            assertTrue(recorded.stream().allMatch(p -> p.live().isPresent()), "keepRunning: envtest outlives the JVM");
            // mvn clean, then envtest:stop: the record outside target/ still names them
            deleteRecursively(temp.resolve("project"));
            Stopped stopped = new EnvtestStop(Reporter.silent(), List.of(), runs()).stop(work());
            assertEquals(List.of("kube-apiserver", "etcd"), stopped.processes());
            assertTrue(recorded.stream().noneMatch(p -> p.live().isPresent()));
        } finally {
            jvm.destroyForcibly();
            new EnvtestStop(Reporter.silent(), List.of(), runs()).stop(work());
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
