package dev.envtest.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn envtest:start} on its own, as a developer runs it before tests from an IDE: etcd and kube-apiserver
 * outlive Maven's JVM on purpose. They are then started through {@code envtest-outlive} (a short {@code sh} that exits
 * at once) rather than as the JVM's children, whose reaper threads would hold the JVM's exit for 0.3 s. This checks,
 * with the real binaries, what that must keep: {@code stop} from another Maven run finds and ends them and leaves
 * nothing, their exit codes are written, and a SIGINT (what a Ctrl-C sends to the terminal's process group) still ends
 * them, though the shell started them in the background.
 */
class StartAloneIT {

    /** A bound for what follows a signal, not a speed: etcd and kube-apiserver end well within it. */
    private static final Duration GONE = Duration.ofSeconds(30);

    private static final String PLUGIN = "dev.envtest:envtest-maven-plugin:" + System.getProperty("envtest.version");

    @Test
    void stopFromAnotherRunEndsWhatStartLeftRunningAndTheirExitCodesAreWritten() throws Exception {
        NestedBuild build = NestedBuild.of("start-alone", barePom("start-alone"));
        Path work = build.workDirectory();
        Map<String, Long> running;
        try {
            String start = build.run(PLUGIN + ":start");
            assertTrue(start.contains("envtest keeps running after this build"), build.tail());
            running = recorded(work);
            assertEquals(List.of("etcd", "kube-apiserver"), List.copyOf(running.keySet()), "no supervisor when the run is left up on purpose");
            for (Map.Entry<String, Long> process : running.entrySet()) {
                ProcessHandle handle = ProcessHandle.of(process.getValue()).orElseThrow(() -> new AssertionError(process + " runs after Maven exited"));
                long parent = handle.parent().orElseThrow().pid();
                assertTrue(commandLine(parent).contains("envtest-outlive"), process.getKey() + "'s parent is the subshell that waits for it: "
                        + commandLine(parent));
            }
        } finally {
            build.run(PLUGIN + ":stop");
        }
        assertEquals(List.of(), awaitNothingLeft(work), "stop ended the processes and their waiting subshells");
        assertEquals("137", Files.readString(work.resolve("logs/etcd.exit-code")).trim(), "stop kills etcd at once (SIGKILL: 128 + 9)");
        String apiServer = Files.readString(work.resolve("logs/kube-apiserver.exit-code")).trim();
        assertTrue(List.of("0", "137").contains(apiServer),
                "kube-apiserver ended on SIGTERM (0), or by SIGKILL once its port had closed (137): " + apiServer);
    }

    @Test
    void aSigintEndsEtcdAndKubeApiserverThoughTheShellStartedThemInTheBackground() throws Exception {
        NestedBuild build = NestedBuild.of("start-alone-sigint", barePom("start-alone-sigint"));
        Path work = build.workDirectory();
        try {
            build.run(PLUGIN + ":start");
            Map<String, Long> running = recorded(work);
            assertEquals(2, running.size(), running.toString());
            for (Map.Entry<String, Long> process : running.entrySet()) {
                // a non-interactive sh starts a background command with SIGINT ignored; Go's signal.Notify undoes that
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.getValue())).inheritIO().start();
                assertEquals(0, kill.waitFor());
                assertTrue(awaitExit(process.getValue()), process.getKey() + " ended on SIGINT within " + GONE.toSeconds() + " s");
                Path code = work.resolve("logs/" + process.getKey() + ".exit-code");
                assertTrue(awaitFile(code), "its exit code is written: " + code);
                assertFalse(Files.readString(code).trim().isEmpty());
            }
        } finally {
            build.run(PLUGIN + ":stop");
        }
        assertEquals(List.of(), awaitNothingLeft(work));
    }

    private static Path barePom(String artifactId) throws Exception {
        Path pom = Files.createTempFile("envtest-" + artifactId, ".xml");
        Files.writeString(pom, "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>it</groupId><artifactId>" + artifactId + "</artifactId><version>1</version><packaging>pom</packaging></project>\n");
        pom.toFile().deleteOnExit();
        return pom;
    }

    private static Map<String, Long> recorded(Path work) throws Exception {
        JsonNode session = new ObjectMapper().readTree(work.resolve("session.json").toFile());
        Map<String, Long> processes = new LinkedHashMap<>();
        session.path("processes").forEach(p -> processes.put(p.path("name").asText(), p.path("pid").asLong()));
        return processes;
    }

    private static String commandLine(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static List<String> awaitNothingLeft(Path work) throws Exception {
        long deadline = System.nanoTime() + GONE.toNanos();
        List<String> left = BuildLeftovers.processes(work);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = BuildLeftovers.processes(work);
        }
        return left;
    }

    private static boolean awaitExit(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + GONE.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static boolean awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + GONE.toNanos();
        while (!Files.isRegularFile(file)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
