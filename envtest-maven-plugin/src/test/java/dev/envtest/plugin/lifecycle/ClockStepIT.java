package dev.envtest.plugin.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.StoreBinaries;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.session.RecordingReporter;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stop} in another JVM after the wall clock was set forward, as an NTP correction or a resumed virtual machine
 * does: the run's etcd and kube-apiserver are still recognised and stopped. A JVM started after the step reads their
 * start instants 30 s later than the JVM that recorded them (asserted here, it is the premise), so a record checked by
 * instant would have left both running; {@code ProcessStart} checks the kernel's ticks since boot.
 *
 * <p>This sets the machine's clock (30 s forward, then back), so it runs only where that was asked for, with
 * {@code ENVTEST_IT_SET_CLOCK=1} as root on Linux: {@code .ci/run} sets it on its throw-away machine.
 */
@EnabledIfEnvironmentVariable(named = "ENVTEST_IT_SET_CLOCK", matches = "1")
class ClockStepIT {

    private static final long STEP_SECONDS = 30;

    @TempDir
    Path work;

    @TempDir
    Path cache;

    @AfterEach
    void nothingIsLeftRunning() {
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);
    }

    @Test
    void stopInAnotherJvmStopsTheRunAfterTheClockWasSetForward() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("XDG_CACHE_HOME", cache.toString());
        StartedEnvtest started = new EnvtestStart(Reporter.silent(), List.of()).start(StartRequest.builder(work)
                .kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(Optional.of(StoreBinaries.directory()))
                .bindAddress("127.0.0.1").containerHost("localhost").startupTimeout(Duration.ofSeconds(60))
                .env(env).home(Path.of(System.getProperty("user.home"))).stopOnExit(true).warmEtcd(false).build());
        List<ProcessHandle> processes = started.controlPlane().processes().stream().map(p -> p.handle()).toList();
        List<SessionFile.ProcessEntry> recorded = SessionFile.load(WorkDirectory.of(work).sessionFile()).orElseThrow().processes()
                .stream().filter(p -> p.name.equals("etcd") || p.name.equals("kube-apiserver")).toList();
        assertEquals(2, recorded.size(), recorded.toString());

        String output;
        setClock("+" + STEP_SECONDS + " seconds");
        try {
            output = stopInAnotherJvm(recorded);
        } finally {
            setClock("-" + STEP_SECONDS + " seconds");
        }

        for (SessionFile.ProcessEntry entry : recorded) {
            Instant seen = Instant.parse(line(output, "instant " + entry.pid + " "));
            long moved = Duration.between(Instant.parse(entry.startInstant), seen).toSeconds();
            assertTrue(moved >= STEP_SECONDS - 1, entry.name + "'s start instant as the other JVM reads it moved " + moved + " s: " + output);
            assertTrue(output.contains("Stopped " + entry.name + " (pid " + entry.pid), output);
        }
        for (ProcessHandle process : processes) {
            process.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(process.isAlive());
        }
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + output))
                .substring(prefix.length());
    }

    private static void setClock(String change) throws Exception {
        Process date = new ProcessBuilder("date", "-s", change).redirectErrorStream(true).start();
        String said = new String(date.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(date.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, date.exitValue(), "date -s '" + change + "' (ENVTEST_IT_SET_CLOCK=1 needs root): " + said);
    }

    private String stopInAnotherJvm(List<SessionFile.ProcessEntry> recorded) throws Exception {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StopInAnotherJvm.class.getName(), work.toString())
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), output);
        return output;
    }

    /** What {@code mvn envtest:stop} does, in a JVM of its own; first it says each recorded process's start instant. */
    public static final class StopInAnotherJvm {
        public static void main(String[] args) {
            Path work = Path.of(args[0]);
            for (SessionFile.ProcessEntry entry : SessionFile.load(WorkDirectory.of(work).sessionFile()).orElseThrow().processes()) {
                ProcessHandle.of(entry.pid).flatMap(h -> h.info().startInstant())
                        .ifPresent(i -> System.out.println("instant " + entry.pid + " " + i));
            }
            RecordingReporter said = RecordingReporter.withDebug();
            new EnvtestStop(said, List.of(), null).stop(work);
            said.lines().forEach(System.out::println);
        }
    }
}
