package dev.envtest.plugin.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against this host's real {@code /bin/sh}. The deadlines in {@code assertTimeoutPreemptively} are guards far above
 * what each case needs (a command that would otherwise run 60 s), so a slow machine fails none of them.
 */
class ShortCommandTest {

    private static final Duration GUARD = Duration.ofSeconds(30);

    @Test
    void givesTheExitCodeAndTheOutputWithTheErrorOutputInIt() throws IOException {
        Finished finished = ShortCommand.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3").run();
        assertEquals(3, finished.exitCode());
        assertFalse(finished.succeeded());
        assertEquals("out\nerr\n", finished.output());
    }

    @Test
    void withoutErrorOutputKeepsOnlyTheStandardOutput() throws IOException {
        Finished finished = ShortCommand.of("/bin/sh", "-c", "echo out; echo err >&2").withoutErrorOutput().run();
        assertTrue(finished.succeeded());
        assertEquals("out\n", finished.output());
    }

    @Test
    void theInputIsWrittenThenClosed() throws IOException {
        // cat ends only at the end of its input
        assertEquals("registry.example:5000", ShortCommand.of("cat").withInput("registry.example:5000").run().output());
    }

    @Test
    void aCommandGivenNoInputReadsItsEnd() throws IOException {
        assertEquals("", assertTimeoutPreemptively(GUARD, () -> ShortCommand.of("cat").run().output()));
    }

    @Test
    void theEnvironmentGivenReplacesThisProcesssOwn() throws IOException {
        Finished finished = ShortCommand.of("/bin/sh", "-c", "echo \"$ONLY|${HOME:-no home}\"")
                .withEnvironment(Map.of("ONLY", "this")).run();
        assertEquals("this|no home\n", finished.output());
    }

    @Test
    void outputOverTheLimitIsReadAndDroppedSoTheCommandNeverBlocksOnAFullPipe() throws IOException {
        Finished finished = assertTimeoutPreemptively(GUARD, () -> ShortCommand.of("/bin/sh", "-c",
                "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo end >&2; exit 0").withOutputLimit(10).run());
        assertEquals(0, finished.exitCode());
        assertEquals("xxxxxxxxxx", finished.output());
    }

    @Test
    void aCommandOverItsDeadlineIsKilledWithWhatItStarted(@TempDir Path dir) throws Exception {
        Path childPid = dir.resolve("child.pid");
        CommandTimeoutException e = assertTimeoutPreemptively(GUARD, () -> assertThrows(CommandTimeoutException.class,
                () -> ShortCommand.of("/bin/sh", "-c", "sleep 60 & echo $! > " + childPid + "; wait")
                        .withTimeout(Duration.ofMillis(500)).run()));
        assertEquals("'sh -c' did not finish within 500 ms; it was killed", e.getMessage());
        assertTimeoutPreemptively(GUARD, () -> awaitGone(Long.parseLong(Files.readString(childPid).trim())));
    }

    @Test
    void aProcessLeftBehindHoldingTheOutputDoesNotHoldTheCaller(@TempDir Path dir) throws Exception {
        Path orphanPid = dir.resolve("orphan.pid");
        // the subshell's sleep inherits the output pipe and outlives the command (it is handed to init)
        Finished finished = assertTimeoutPreemptively(GUARD, () -> ShortCommand.of("/bin/sh", "-c",
                "echo before; (sleep 60 & echo $! > " + orphanPid + "); echo after").run());
        try {
            assertEquals(0, finished.exitCode());
            assertEquals("before\nafter\n", finished.output());
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(orphanPid).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void anInterruptedCallerGetsInterruptedIoAndTheCommandIsKilled(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("command.pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                ShortCommand.of("/bin/sh", "-c", "echo $$ > " + pid + "; exec sleep 60").withTimeout(Duration.ofSeconds(60)).run();
            } catch (Throwable t) {
                thrown.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTimeoutPreemptively(GUARD, () -> {
            while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
                Thread.sleep(20);
            }
            caller.interrupt();
            caller.join();
        });
        assertTrue(thrown.get() instanceof InterruptedIOException, "thrown: " + thrown.get());
        assertTrue(stillInterrupted.get());
        assertTimeoutPreemptively(GUARD, () -> awaitGone(Long.parseLong(Files.readString(pid).trim())));
    }

    @Test
    void aProgramThatDoesNotExistIsAnIoExceptionNotATimeout() {
        IOException e = assertThrows(IOException.class, () -> ShortCommand.of("/nonexistent/envtest-no-such-program").run());
        assertFalse(e instanceof CommandTimeoutException);
    }

    @Test
    void aBinaryStillOpenForWritingIsStartedOnceItIsClosed(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("just-written");
        Files.writeString(script, "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        // while this JVM holds it open for writing, exec fails with ETXTBSY, as when another thread's child inherited it
        FileChannel writer = FileChannel.open(script, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        CompletableFuture<Finished> run = CompletableFuture.supplyAsync(() -> {
            try {
                return ShortCommand.of(script.toString()).run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(150);
        writer.close();
        assertEquals("ran\n", assertTimeoutPreemptively(GUARD, () -> run.get()).output());
    }

    /** Until the process is gone or a zombie (killed, not yet reaped by whoever inherited it). */
    private static void awaitGone(long pid) throws InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (true) {
            try {
                String line = Files.readString(stat);
                if (line.substring(line.lastIndexOf(')') + 2).startsWith("Z")) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ShortCommand.of(java.util.List.of()));
        assertThrows(IllegalArgumentException.class, () -> ShortCommand.of("true").withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ShortCommand.of("true").withOutputLimit(-1));
    }
}
