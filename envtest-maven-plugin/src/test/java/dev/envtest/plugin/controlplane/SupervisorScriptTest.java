package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's script with real processes: end-of-file on its stdin (what the JVM's death looks like to it) ends
 * what it watches, SIGKILL for one that ignores SIGTERM; {@code release} and {@code forget} leave processes alone.
 */
class SupervisorScriptTest {

    @TempDir
    Path dir;

    private final List<Process> started = new java.util.ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
    }

    private Process sleeper(boolean ignoreTerm) throws IOException {
        // an ignored signal stays ignored across exec
        Process p = new ProcessBuilder("sh", "-c", (ignoreTerm ? "trap '' TERM; " : "") + "exec sleep 300").start();
        started.add(p);
        return p;
    }

    private Process supervisor(String grace) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", ProcessSupervisor.script(), "envtest-supervisor", dir.toString(), grace)
                .redirectErrorStream(true).redirectOutput(dir.resolve("supervisor.log").toFile()).start();
        started.add(p);
        return p;
    }

    private static void say(Process supervisor, String line) throws IOException {
        OutputStream in = supervisor.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Test
    void endOfInputStopsWatchedProcesses() throws Exception {
        Process a = sleeper(false);
        Process b = sleeper(false);
        Process supervisor = supervisor("5");
        say(supervisor, "watch " + a.pid() + " etcd");
        say(supervisor, "watch " + b.pid() + " kube-apiserver");
        supervisor.getOutputStream().close(); // as when the JVM dies
        assertTrue(supervisor.waitFor(30, TimeUnit.SECONDS), "the supervisor exits after stopping them");
        assertTrue(a.waitFor(5, TimeUnit.SECONDS) && b.waitFor(5, TimeUnit.SECONDS), "both were stopped");
        assertEquals(143, a.exitValue(), "by SIGTERM");
        String log = Files.readString(dir.resolve("supervisor.log"));
        assertTrue(log.contains("sent SIGTERM to etcd (pid " + a.pid() + ")"), log);
        assertTrue(log.contains("sent SIGTERM to kube-apiserver (pid " + b.pid() + ")"), log);
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Process stubborn = sleeper(true);
        Thread.sleep(300); // the trap is set before the supervisor hears of it
        Process supervisor = supervisor("1");
        say(supervisor, "watch " + stubborn.pid() + " stubborn");
        supervisor.getOutputStream().close();
        assertTrue(supervisor.waitFor(30, TimeUnit.SECONDS));
        assertTrue(stubborn.waitFor(5, TimeUnit.SECONDS));
        assertEquals(137, stubborn.exitValue(), "by SIGKILL");
        assertTrue(Files.readString(dir.resolve("supervisor.log")).contains("sent SIGKILL to stubborn"));
    }

    @Test
    void releaseAndForgetLeaveProcessesRunning() throws Exception {
        Process forgotten = sleeper(false);
        Process released = sleeper(false);
        Process first = supervisor("5");
        say(first, "watch " + forgotten.pid() + " forgotten");
        say(first, "forget " + forgotten.pid());
        first.getOutputStream().close();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertTrue(forgotten.isAlive(), "a forgotten process is not touched");

        Process second = supervisor("5");
        say(second, "watch " + released.pid() + " released");
        say(second, "release");
        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "release: the supervisor exits");
        assertTrue(released.isAlive(), "and leaves its processes alone");
    }

    @Test
    void aProcessThatEndedBeforeIsNotSignalled() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        started.add(gone);
        Process supervisor = supervisor("5");
        say(supervisor, "watch " + gone.pid() + " gone");
        gone.waitFor();
        supervisor.getOutputStream().close();
        assertTrue(supervisor.waitFor(30, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("supervisor.log"));
        assertTrue(!log.contains("sent SIGTERM to gone"), "its pid may belong to another process by now: " + log);
    }
}
