package dev.envtest.plugin.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStartTest {

    @TempDir
    Path dir;

    private static boolean linux() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    @Test
    void onLinuxItIsTheKernelsTicksSinceBootAndNotTheWallClock() throws Exception {
        assumeTrue(linux(), "Linux only");
        String self = ProcessStart.of(ProcessHandle.current()).orElseThrow();
        String field22 = Files.readString(Path.of("/proc/self/stat")).replaceFirst("(?s)^.*\\) ", "").split(" ")[19];
        String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        assertEquals("boot:" + boot + "+" + field22, self);
        assertTrue(ProcessStart.matches(ProcessHandle.current(), self));
        assertFalse(ProcessStart.matches(ProcessHandle.current(), "boot:" + boot + "+" + (Long.parseLong(field22) + 1)));
        // the same pid and ticks in another boot: a process of that boot, not this one
        assertFalse(ProcessStart.matches(ProcessHandle.current(), "boot:00000000-0000-0000-0000-000000000000+" + field22));
    }

    @Test
    void anotherProcessDoesNotMatch() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            String mine = ProcessStart.of(ProcessHandle.current()).orElseThrow();
            String its = ProcessStart.of(other.toHandle()).orElseThrow();
            assertTrue(ProcessStart.matches(other.toHandle(), its));
            assertFalse(ProcessStart.matches(other.toHandle(), mine));
        } finally {
            other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(ProcessStart.of(other.toHandle()).isPresent(), "gone: no start at all");
    }

    @Test
    void aCommandWithSpacesAndParenthesesInItsNameIsParsedFromItsLastParenthesis() throws Exception {
        assumeTrue(linux(), "Linux only");
        // the kernel's copy of the command (field 2) is any text of up to 15 bytes, parentheses and spaces included
        Path odd = dir.resolve("a) 1 2 (3");
        Files.createSymbolicLink(odd, Path.of("/bin/sleep"));
        Process process = new ProcessBuilder(odd.toString(), "30").start();
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            assertTrue(stat.contains("(a) 1 2 (3)"), stat);
            String expected = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
            assertTrue(ProcessStart.of(process.toHandle()).orElseThrow().endsWith("+" + expected));
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
