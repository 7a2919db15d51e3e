package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes started to outlive this JVM ({@link OutlivingLaunch}, real {@code sh} processes): no child of this JVM, so
 * its exit waits for no reaper thread, and yet known as a child is: output, stdin, exit code, process group, stop.
 */
class OutlivingProcessTest {

    @TempDir
    Path dir;

    private final List<ManagedProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(p -> ManagedProcess.stop(p.handle(), Duration.ZERO));
    }

    @Test
    void itIsNoChildOfThisJvmAndStopsAsAChildDoes() {
        ManagedProcess sleeper = start("sleeper", "exec sleep 60");
        assertTrue(sleeper.alive());
        long self = ProcessHandle.current().pid();
        assertTrue(ProcessHandle.current().children().noneMatch(c -> c.pid() == sleeper.handle().pid()),
                "not among this JVM's children: no reaper thread of the JDK waits for it");
        assertNotEquals(self, sleeper.handle().parent().map(ProcessHandle::pid).orElse(-1L));
        assertFalse(sleeper.stop(Duration.ofSeconds(10)));
        assertTrue(ManagedProcess.exited(sleeper.handle()));
        assertEquals(143, sleeper.exitCode(), "ended by SIGTERM: 128 + 15, as the JDK reports a child's");
    }

    @Test
    void itsOutputGoesToAFreshLogItsStdinIsEmptyAndItsExitCodeIsKnown() throws Exception {
        Path log = dir.resolve("talker.log");
        Files.writeString(log, "a line of an earlier run\n");
        ManagedProcess talker = start("talker", "if read -r line; then echo stdin-had-input; else echo stdin-at-end; fi;"
                + " echo to-stdout; echo to-stderr >&2; exit 3");
        awaitExit(talker);
        assertEquals(3, talker.exitCode());
        String written = Files.readString(log);
        assertTrue(written.contains("stdin-at-end") && written.contains("to-stdout") && written.contains("to-stderr"), written);
        assertFalse(written.contains("earlier run"), "the log holds this run only: " + written);

        ManagedProcess again = start("talker", "exit 5");
        awaitExit(again);
        assertEquals(5, again.exitCode(), "the code of this run, not of the one before");
    }

    @Test
    void aKilledProcessReportsTheSignalsCode() throws Exception {
        ManagedProcess stubborn = start("stubborn", "trap '' TERM; echo armed; while :; do sleep 0.05; done");
        awaitLog(stubborn, "armed");
        assertTrue(stubborn.stop(Duration.ofMillis(300)), "it ignored SIGTERM, so the grace ran out");
        assertEquals(137, stubborn.exitCode(), "ended by SIGKILL: 128 + 9");
    }

    @Test
    void aCommandThatCannotBeExecutedExitsWithShsCodeAndSaysWhyInItsLog() throws Exception {
        Path missing = dir.resolve("no-such-etcd");
        ManagedProcess absent = ManagedProcess.start("etcd", List.of(missing.toString()), dir, dir.resolve("etcd.log"), Map.of(), true);
        started.add(absent);
        awaitExit(absent);
        assertEquals(127, absent.exitCode(), "as sh reports a command it cannot find");
        assertTrue(absent.logTail(5).contains(missing.toString()), absent.logTail(5));
    }

    @Test
    void itStaysInThisJvmsProcessGroupSoThatACtrlCInTheTerminalReachesIt() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "process groups are read from /proc");
        ManagedProcess sleeper = start("sleeper", "exec sleep 60");
        assertEquals(processGroup(ProcessHandle.current().pid()), processGroup(sleeper.handle().pid()));
    }

    @Test
    void itGetsTheExtraEnvironmentAndRunsInTheWorkingDirectory() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        ManagedProcess env = ManagedProcess.start("env", List.of("sh", "-c", "echo \"mark=$ENVTEST_MARK\"; pwd"), work,
                dir.resolve("env.log"), Map.of("ENVTEST_MARK", "this-build"), true);
        started.add(env);
        awaitExit(env);
        String written = Files.readString(dir.resolve("env.log"));
        assertTrue(written.contains("mark=this-build"), written);
        assertTrue(written.contains(work.toRealPath().toString()), written);
    }

    private ManagedProcess start(String name, String script) {
        ManagedProcess process = ManagedProcess.start(name, List.of("sh", "-c", script), dir, dir.resolve(name + ".log"), Map.of(), true);
        started.add(process);
        return process;
    }

    private static String processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // after "pid (comm) ": state, ppid, pgrp
        return stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[2];
    }

    /** Waits until it has exited; a hung script ends the test through surefire's timeout. */
    private static void awaitExit(ManagedProcess process) throws InterruptedException {
        while (process.alive()) {
            Thread.sleep(10);
        }
    }

    private static void awaitLog(ManagedProcess process, String text) throws Exception {
        while (!Files.isRegularFile(process.logFile()) || !Files.readString(process.logFile()).contains(text)) {
            Thread.sleep(10);
        }
    }
}
