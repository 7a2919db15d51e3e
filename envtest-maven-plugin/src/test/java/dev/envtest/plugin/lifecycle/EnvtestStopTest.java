package dev.envtest.plugin.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.session.RecordingReporter;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stop} from another JVM, by the record alone: which recorded pids it signals and which it leaves. */
class EnvtestStopTest {

    @TempDir
    Path work;

    @Test
    void aRecordedProcessIsStoppedAlthoughTheClockWasSetSinceItStarted() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            SessionFile.create(WorkDirectory.of(work).sessionFile(), "s-clock").started("sleeper", sleeper.toHandle());
            // the instant a JVM started after `date -s "+3 seconds"` reads for the same process (see ProcessStart)
            Instant recorded = sleeper.toHandle().info().startInstant().orElseThrow();
            Path file = WorkDirectory.of(work).sessionFile();
            Files.writeString(file, Files.readString(file).replace(recorded.toString(), recorded.plusSeconds(3).toString()));

            RecordingReporter said = new RecordingReporter();
            Stopped stopped = new EnvtestStop(said, List.of(), null).stop(work);

            assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS), "stopped");
            assertEquals("1 process (sleeper)", stopped.describe());
            assertTrue(said.lines().stream().anyMatch(l -> l.startsWith("Stopped sleeper (pid " + sleeper.pid())), said.lines().toString());
            assertFalse(Files.exists(file), "the record is gone once everything in it is");
        } finally {
            sleeper.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRecycledPidIsLeftAloneAndSaidSo() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            SessionFile.create(WorkDirectory.of(work).sessionFile(), "s-recycled").started("etcd", stranger.toHandle());
            Path file = WorkDirectory.of(work).sessionFile();
            String json = Files.readString(file);
            String other = json.contains("\"start\" : \"boot:") ? json.replaceFirst("(?s).*\"start\" : \"([^\"]+)\\+\\d+\".*", "$1+1") : "2001-01-01T00:00:00Z";
            Files.writeString(file, json.replaceFirst("\"start\" : \"[^\"]+\"", "\"start\" : \"" + other + "\""));

            RecordingReporter said = new RecordingReporter();
            Stopped stopped = new EnvtestStop(said, List.of(), null).stop(work);

            assertTrue(stopped.isEmpty(), stopped.describe());
            assertTrue(stranger.isAlive(), "not ours: not signalled");
            assertTrue(said.lines().stream().anyMatch(l -> l.equals("etcd has exited; its pid " + stranger.pid()
                    + " now belongs to another process (" + stranger.info().command().orElseThrow() + "), which is left alone")),
                    said.lines().toString());
            assertFalse(Files.exists(file), "the entry is dropped: it names nothing of ours any more");
        } finally {
            stranger.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
