package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {

    @Test
    void reportsAtMostOnceEveryTwoSeconds() {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        DownloadProgress progress = new DownloadProgress("envtest-v1.34.2-linux-amd64.tar.gz", lines::add, clock::get);

        progress.bytes(1_000_000, 40_000_000);
        clock.addAndGet(1_999_999_999L);
        progress.bytes(2_000_000, 40_000_000);
        assertEquals(List.of(), lines, "nothing within the first two seconds");

        clock.addAndGet(1);
        progress.bytes(10_000_000, 40_000_000);
        clock.addAndGet(500_000_000L);
        progress.bytes(12_000_000, 40_000_000);
        clock.addAndGet(2_000_000_000L);
        progress.bytes(30_000_000, 40_000_000);

        assertEquals(List.of("  downloading envtest-v1.34.2-linux-amd64.tar.gz: 10.0 of 40.0 MB (25%)",
                "  downloading envtest-v1.34.2-linux-amd64.tar.gz: 30.0 of 40.0 MB (75%)"), lines);
    }

    @Test
    void withoutALengthOnlyTheBytesSoFar() {
        assertEquals("12.5 MB", DownloadProgress.summary(12_500_000, -1));
    }
}
