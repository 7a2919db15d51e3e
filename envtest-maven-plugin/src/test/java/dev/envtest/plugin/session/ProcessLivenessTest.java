package dev.envtest.plugin.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessLivenessTest {

    @Test
    void aZombieHasExitedThoughThePidIsStillInTheProcessTable() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux only");
        // the short sleep's parent becomes `sleep 30` (exec), which never reaps it: it stays a zombie
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
        try {
            ProcessHandle child = null;
            for (int i = 0; i < 100 && child == null; i++) {
                child = parent.toHandle().children().findFirst().orElse(null);
                if (child == null) {
                    Thread.sleep(10);
                }
            }
            assertTrue(child != null, "the short sleep was started");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ProcessLiveness.exited(child) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(ProcessLiveness.exited(child), "a zombie counts as exited");
            assertTrue(Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat")).contains(") Z "),
                    "still in the process table, as a zombie");
            assertFalse(ProcessLiveness.exited(parent.toHandle()), "its parent runs");
        } finally {
            parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
