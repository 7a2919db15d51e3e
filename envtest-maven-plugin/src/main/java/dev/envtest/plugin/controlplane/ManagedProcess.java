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
 * One process of the control plane — a child of this JVM, or one started to outlive it ({@link OutlivingLaunch}) — whose
 * output (stdout and stderr) goes to a log file of its own run (a new run starts the file
 * afresh, so a log holds one run, not every run since the last clean); stopped gracefully
 * (SIGTERM), then forcibly after a grace period.
 */
public final class ManagedProcess {

    /** Set in every process we start, so that a process can be told apart as this build's. */
    public static final String SESSION_ENV = "ENVTEST_MAVEN_PLUGIN_SESSION";

    private final String name;
    private final Lifetime lifetime;
    private final Path logFile;
    private final List<String> command;

    /** How the process's end is learnt: from the JDK for a child, from the waiting subshell for one that outlives us. */
    private interface Lifetime {
        ProcessHandle handle();

        boolean alive();

        /** Only once it has exited; -1 when nobody knows the code. */
        int exitCode();

        /** After it has exited: until the JDK has reaped it, for a child (so that alive() and exitCode() know). */
        void reaped();
    }

    private record Child(Process process) implements Lifetime {
        public ProcessHandle handle() {
            return process.toHandle();
        }

        public boolean alive() {
            return process.isAlive();
        }

        public int exitCode() {
            return process.exitValue();
        }

        public void reaped() {
            try {
                process.waitFor(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Outliving(OutlivingLaunch.Started started) implements Lifetime {
        public ProcessHandle handle() {
            return started.handle();
        }

        public boolean alive() {
            return started.handle().isAlive();
        }

        public int exitCode() {
            return started.exitCode().orElse(-1);
        }

        public void reaped() {
            // its parent is the waiting subshell, which reaps it at once
        }
    }

    private ManagedProcess(String name, Lifetime lifetime, Path logFile, List<String> command) {
        this.name = name;
        this.lifetime = lifetime;
        this.logFile = logFile;
        this.command = command;
    }

    /** Starts a child of this JVM: it is stopped before this JVM exits. */
    public static ManagedProcess start(String name, List<String> command, Path workingDirectory, Path logFile,
            Map<String, String> extraEnv) {
        return start(name, command, workingDirectory, logFile, extraEnv, false);
    }

    /**
     * Starts a process; with {@code outliveThisJvm} one that this JVM leaves running when it exits ({@code mvn
     * envtest:start} on its own, keepRunning), started as a grandchild so that the exit does not wait for it (see
     * {@link OutlivingLaunch}).
     */
    public static ManagedProcess start(String name, List<String> command, Path workingDirectory, Path logFile,
            Map<String, String> extraEnv, boolean outliveThisJvm) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(workingDirectory);
            if (outliveThisJvm && OutlivingLaunch.available()) {
                return new ManagedProcess(name, new Outliving(OutlivingLaunch.start(name, command, workingDirectory, logFile, extraEnv)),
                        logFile, List.copyOf(command));
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(extraEnv);
            return new ManagedProcess(name, new Child(builder.start()), logFile, List.copyOf(command));
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
        return lifetime.handle();
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    public boolean alive() {
        return lifetime.alive();
    }

    /** Once it has exited: its exit code (128 + the signal's number when a signal ended it), -1 if unknown. */
    public int exitCode() {
        return lifetime.exitCode();
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns true when it had to kill. Idempotent. */
    public boolean stop(Duration grace) {
        boolean killed = stop(lifetime.handle(), grace);
        // it has exited (at most a zombie); once reaped, alive() and exitCode() know
        lifetime.reaped();
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
