package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping real processes: ours, another's (as {@code stop} in a later Maven run sees them), and stubborn ones. */
class ManagedProcessStopTest {

    @TempDir
    Path dir;

    @Test
    void aProcessThatHonoursSigtermStopsWithinTheGraceAndIsNotCountedAsKilled() {
        ManagedProcess sleeper = start("sleeper", "exec sleep 60");
        assertFalse(sleeper.stop(Duration.ofSeconds(10)));
        assertTrue(gone(sleeper));
        assertEquals(143, sleeper.exitCode(), "ended by SIGTERM");
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledOnceTheGraceRunsOut() {
        ManagedProcess stubborn = start("stubborn", "trap '' TERM; echo armed; while :; do sleep 0.05; done");
        awaitLog(stubborn, "armed");
        assertTrue(stubborn.stop(Duration.ofMillis(300)));
        assertTrue(gone(stubborn));
        assertEquals(137, stubborn.exitCode(), "ended by SIGKILL");
    }

    @Test
    void aZeroGraceKillsAtOnceEvenWhatWouldIgnoreSigterm() {
        ManagedProcess stubborn = start("stubborn", "trap '' TERM; echo armed; while :; do sleep 0.05; done");
        awaitLog(stubborn, "armed");
        assertFalse(ManagedProcess.stop(stubborn.handle(), Duration.ZERO), "no grace ran out: nothing to report as killed");
        assertTrue(gone(stubborn));
        assertEquals(137, stubborn.exitCode());
    }

    /**
     * Stopped means exited: a zombie counts, so the JDK may not have reaped it yet when stop returns (its reaper thread
     * runs beside). Exited now, and reaped within seconds, for the exit code.
     */
    private static boolean gone(ManagedProcess p) {
        boolean exited = ManagedProcess.exited(p.handle());
        try {
            p.handle().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
        return exited && !p.alive();
    }

    @Test
    void aProcessThisJvmDidNotStartIsStoppedAndSeenGone() throws Exception {
        // sh starts sleep in the background and exits: the sleep is reparented, as etcd and kube-apiserver are when the
        // Maven run that started them has ended and a later one runs stop
        Process shell = new ProcessBuilder("sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!").start();
        long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        shell.waitFor();
        ProcessHandle orphan = ProcessHandle.of(pid).orElseThrow();
        assertTrue(orphan.parent().map(p -> p.pid() != ProcessHandle.current().pid()).orElse(true), "not our child");
        assertFalse(ManagedProcess.exited(orphan));
        assertFalse(ManagedProcess.stop(orphan, Duration.ofSeconds(10)));
        assertTrue(ManagedProcess.exited(orphan));
    }

    @Test
    void stoppingWhatHasExitedIsHarmless() {
        ManagedProcess done = start("done", "exit 0");
        assertFalse(done.stop(Duration.ofSeconds(10)));
        assertFalse(done.stop(Duration.ofSeconds(10)));
        assertTrue(ManagedProcess.exited(done.handle()));
    }

    @Test
    void etcdGetsNoGraceAndTheApiServerTheFullOne() {
        assertEquals(Duration.ZERO, ManagedProcess.gracePeriod("etcd"));
        assertEquals(ManagedProcess.GRACE, ManagedProcess.gracePeriod("kube-apiserver"));
    }

    private ManagedProcess start(String name, String script) {
        return ManagedProcess.start(name, List.of("sh", "-c", script), dir, dir.resolve(name + ".log"), Map.of());
    }

    /** Waits until the script has set its trap (the log says so); a hung script ends the test through surefire's timeout. */
    private static void awaitLog(ManagedProcess process, String text) {
        try {
            while (!Files.readString(process.logFile()).contains(text)) {
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
