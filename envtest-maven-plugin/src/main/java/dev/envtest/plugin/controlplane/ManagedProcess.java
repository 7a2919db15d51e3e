package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.session.ProcessLiveness;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One child process whose output (stdout and stderr) goes to a log file of its own run (a new run starts the file
 * afresh, so a log holds one run, not every run since the last clean); stopped gracefully
 * (SIGTERM), then forcibly after a grace period.
 */
public final class ManagedProcess {

    /** Set in every process we start, so that a process can be told apart as this build's. */
    public static final String SESSION_ENV = "ENVTEST_MAVEN_PLUGIN_SESSION";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final List<String> command;

    private ManagedProcess(String name, Process process, Path logFile, List<String> command) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.command = command;
    }

    public static ManagedProcess start(String name, List<String> command, Path workingDirectory, Path logFile,
            Map<String, String> extraEnv) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(workingDirectory);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(extraEnv);
            return new ManagedProcess(name, builder.start(), logFile, List.copyOf(command));
        } catch (IOException e) {
            throw new ControlPlaneException("could not start " + name + " (" + command.get(0) + "): " + e.getMessage()
                    + ". Check that the file is an executable for this platform.", e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    public String name() {
        return name;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns true when it had to kill. Idempotent. */
    public boolean stop(Duration grace) {
        boolean killed = stop(process.toHandle(), grace);
        try {
            // a child of this JVM has exited (at most a zombie); let the JDK reap it, so alive() and exitCode() know
            process.waitFor(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return killed;
    }

    /**
     * How long a control plane process is given to stop after SIGTERM. etcd gets none: it is stopped after the API
     * server, its only client, and its data is thrown away, so a graceful drain would only cost time (it takes about a
     * second). kube-apiserver and anything else: {@link #GRACE}.
     */
    public static Duration gracePeriod(String processName) {
        return "etcd".equals(processName) ? Duration.ZERO : GRACE;
    }

    /** What a process gets after SIGTERM before SIGKILL, unless {@link #gracePeriod} says otherwise. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    /**
     * How often a stopping process is checked. The JDK's {@code ProcessHandle.onExit()} of a process this JVM did not
     * start (what {@code stop} in a later Maven run has) sleeps 300 ms and more between checks; polling this often
     * makes {@code stop} from another run as fast as in the run that started the process.
     */
    static final Duration POLL = Duration.ofMillis(10);

    /**
     * Stops a control-plane process as its name allows: etcd at once ({@link #gracePeriod}); kube-apiserver with
     * SIGTERM, and SIGKILL once its secure port refuses connections, because what it does after that is a wait no one
     * needs ({@link ApiServerListener}); anything else with SIGTERM and {@link #GRACE}. Returns true when the grace ran
     * out and it had to kill.
     */
    public static boolean stopByName(String processName, ProcessHandle handle) {
        BooleanSupplier nothingLeftToKeep = "kube-apiserver".equals(processName)
                ? ApiServerListener.closedCheck(handle).orElse(NEVER) : NEVER;
        return stop(handle, gracePeriod(processName), nothingLeftToKeep);
    }

    private static final BooleanSupplier NEVER = () -> false;

    /**
     * Stops any process handle the same way (also processes started by another JVM): SIGTERM, then a check every
     * {@link #POLL} for up to {@code grace}, then SIGKILL; a zero grace sends SIGKILL at once. Returns true when the
     * grace ran out and it had to kill.
     */
    public static boolean stop(ProcessHandle handle, Duration grace) {
        return stop(handle, grace, NEVER);
    }

    /**
     * As {@link #stop(ProcessHandle, Duration)}, and SIGKILL as soon as {@code nothingLeftToKeep} says that what the
     * process still does after SIGTERM is of no use to anyone (that is no kill "after the grace").
     */
    static boolean stop(ProcessHandle handle, Duration grace, BooleanSupplier nothingLeftToKeep) {
        if (exited(handle)) {
            return false;
        }
        try {
            if (grace.isZero() || grace.isNegative()) {
                handle.destroyForcibly();
                awaitExit(handle, GRACE);
                return false;
            }
            handle.destroy();
            long deadline = System.nanoTime() + grace.toNanos();
            boolean nothingLeft = false;
            while (!exited(handle) && System.nanoTime() - deadline < 0 && !(nothingLeft = nothingLeftToKeep.getAsBoolean())) {
                Thread.sleep(POLL.toMillis());
            }
            if (exited(handle)) {
                return false;
            }
            handle.destroyForcibly();
            awaitExit(handle, GRACE);
            return !nothingLeft;
        } catch (InterruptedException e) {
            // an interrupted wait (a thread left interrupted by earlier work, or a build being cancelled) still kills;
            // it reports "killed after the grace" only when there was a grace to run out
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
            return !(grace.isZero() || grace.isNegative());
        }
    }

    /** Whether the process has exited; a zombie (not yet reaped by its parent) counts. */
    static boolean exited(ProcessHandle handle) {
        return ProcessLiveness.exited(handle);
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!exited(handle)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    public static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - 64 * 1024);
            raf.seek(start);
            byte[] bytes = new byte[(int) (length - start)];
            raf.readFully(bytes);
            List<String> all = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines().toList());
            if (start > 0 && !all.isEmpty()) {
                all.remove(0);
            }
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "(log is empty)" : String.join("\n", last);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
