package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessUidTest {

    @Test
    void theEffectiveUidIsTheSecondFieldOfTheUidLine() {
        String status = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t42\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n";
        assertEquals(OptionalLong.of(0), ProcessUid.effectiveIn(status));
    }

    @Test
    void aStatusWithoutAUsableUidLineGivesNothing() {
        assertEquals(OptionalLong.empty(), ProcessUid.effectiveIn("Name:\tjava\n"));
        assertEquals(OptionalLong.empty(), ProcessUid.effectiveIn("Uid:\t1000\n"));
        assertEquals(OptionalLong.empty(), ProcessUid.effectiveIn("Uid:\tx\ty\n"));
    }

    @Test
    void onLinuxItIsTheOwnerOfThisProcesssProcDirectory() throws Exception {
        Path self = Path.of("/proc/self");
        assumeTrue(Files.isDirectory(self), "Linux only");
        // the kernel gives /proc/<pid> the task's effective uid as its owner
        assertEquals(OptionalLong.of(((Number) Files.getAttribute(self, "unix:uid")).longValue()), ProcessUid.effective());
    }
}
