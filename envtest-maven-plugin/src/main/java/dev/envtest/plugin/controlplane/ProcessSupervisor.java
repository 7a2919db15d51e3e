package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.session.ProcessRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A tiny POSIX {@code sh} process started beside etcd and kube-apiserver that stops them when the JVM that started
 * them dies — SIGKILL included, with no further Maven run. It watches the JVM through its stdin: a pipe whose only
 * writer is this JVM (Java closes every other descriptor in the processes it starts), so end-of-file means the JVM is
 * gone; no pid of the JVM is polled, so a recycled pid cannot fool it. Each process is told to it by pid the moment it
 * exists, and recognised later by its start time. When the build stops its processes itself, {@link #release} lets
 * the supervisor exit without touching anything. The script: {@code supervisor.sh} beside this class.
 *
 * <p>It is itself a {@link ProcessRecorder}; {@link #beside} the session file, every process the control plane starts is
 * both recorded and watched. The supervisor is recorded too (as {@link #NAME}), so {@code stop}, the next
 * start and the shutdown hook end it like the others.
 */
public final class ProcessSupervisor implements ProcessRecorder {

    public static final String NAME = "supervisor";
    /** What the supervisor waits after SIGTERM before SIGKILL: well inside the 10 s a killed build may leave them. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * Every live supervisor, reachable from a static root: if its pipe's stream were collected, the descriptor would
     * be closed and the supervisor would take that for the JVM's death.
     */
    private static final Map<Path, ProcessSupervisor> LIVE = new ConcurrentHashMap<>();

    private final Path workDirectory;
    private final CompletableFuture<Process> process;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private OutputStream pipe;
    /** What it was told before {@code sh} ran: written the moment it runs, so nobody waits for the fork. */
    private final List<String> pending = new java.util.ArrayList<>();
    private boolean released;
    private volatile long spawnMillis = -1;

    private ProcessSupervisor(Path workDirectory, CompletableFuture<Process> process) {
        this.workDirectory = workDirectory;
        this.process = process;
    }

    /**
     * Starts the supervisor on a thread of its own, off the start's critical path (the fork takes 10–300 ms, more on a
     * loaded machine). Begun before anything else of the start; what it is told before it runs is kept and written the
     * moment it does, so etcd's launch never waits for it. Its output goes to {@code logFile}; {@code workDirectory} is on its command line so that
     * it is recognisable as this build's. {@code recorded} gets its handle once it runs, and the milliseconds the fork took; {@code failed} the reason if
     * {@code sh} cannot be started (then only the session file and the next start know the processes).
     */
    public static ProcessSupervisor startInBackground(Path workDirectory, Path logFile, BiConsumer<ProcessHandle, Long> recorded,
            Consumer<String> failed) {
        CompletableFuture<Process> future = new CompletableFuture<>();
        ProcessSupervisor supervisor = new ProcessSupervisor(key(workDirectory), future);
        ProcessSupervisor previous = LIVE.put(supervisor.workDirectory, supervisor);
        if (previous != null) {
            previous.release();
        }
        Thread thread = new Thread(() -> {
            try {
                long t0 = System.nanoTime();
                Process started = spawn(workDirectory, logFile);
                supervisor.spawnMillis = (System.nanoTime() - t0) / 1_000_000;
                recorded.accept(started.toHandle(), supervisor.spawnMillis);
                supervisor.connected(started);
                future.complete(started);
            } catch (RuntimeException e) {
                failed.accept(e.getMessage());
                future.completeExceptionally(e);
            }
        }, "envtest-supervisor");
        thread.setDaemon(true);
        thread.start();
        return supervisor;
    }

    private static Process spawn(Path workDirectory, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(logFile);
            return new ProcessBuilder(List.of("sh", "-c", script(), "envtest-supervisor", workDirectory.toString(),
                    Long.toString(GRACE.toSeconds())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new ControlPlaneException("could not start the process supervisor (sh): " + e.getMessage()
                    + ". A killed build's processes are then ended only by the next start or mvn envtest:stop. Fix: put a"
                    + " POSIX sh on the PATH.", e);
        }
    }

    /** How long starting {@code sh} took on its background thread (-1 until it ran), for the start's timing line. */
    public long spawnMillis() {
        return spawnMillis;
    }

    /** The fork is done: what it was told meanwhile is written now; later lines are written as they come. */
    private synchronized void connected(Process started) {
        pipe = started.getOutputStream();
        for (String line : pending) {
            write(line);
        }
        pending.clear();
        if (released) {
            closePipe();
        }
    }

    /** Waits until the supervisor runs (or could not be started): a failed start's cleanup must find its record. */
    public void awaitRunning() {
        running();
    }

    /** The supervisor's process, once it runs (empty when it could not be started). */
    public Optional<ProcessHandle> handle() {
        return running().map(Process::toHandle);
    }

    private Optional<Process> running() {
        try {
            return Optional.of(process.join());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A recorder that tells {@code session} first (a process is on disk before anything else hears of it) and then this
     * supervisor, which never makes the caller wait for its fork.
     */
    public ProcessRecorder beside(ProcessRecorder session) {
        ProcessSupervisor supervisor = this;
        return new ProcessRecorder() {
            public void started(String name, ProcessHandle process) {
                session.started(name, process);
                supervisor.started(name, process);
            }

            public void stopped(String name) {
                supervisor.stopped(name);
                session.stopped(name);
            }
        };
    }

    @Override
    public synchronized void started(String name, ProcessHandle started) {
        pids.put(name, started.pid());
        send("watch " + started.pid() + " " + name.replaceAll("\\s", "_"));
    }

    @Override
    public synchronized void stopped(String name) {
        Long pid = pids.remove(name);
        if (pid != null) {
            send("forget " + pid);
        }
    }

    /** The build stopped what it started (or keeps it running on purpose): the supervisor exits. Idempotent. */
    public synchronized void release() {
        if (!released) {
            send("release");
            released = true;
            if (pipe != null) {
                closePipe();
            }
        }
        LIVE.remove(workDirectory, this);
    }

    private void closePipe() {
        try {
            pipe.close();
        } catch (IOException e) {
            // the supervisor is gone already
        }
    }

    /**
     * Releases the supervisor this JVM started for {@code workDirectory}, if any: {@code stop} has stopped its processes,
     * or {@code keepRunning} wants them to outlive the build. Returns whether there was one.
     */
    public static boolean release(Path workDirectory) {
        ProcessSupervisor supervisor = LIVE.get(key(workDirectory));
        if (supervisor == null) {
            return false;
        }
        supervisor.release();
        return true;
    }

    private synchronized void send(String line) {
        if (released) {
            return;
        }
        if (pipe == null) {
            pending.add(line);
            return;
        }
        write(line);
    }

    private void write(String line) {
        try {
            pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException e) {
            // the supervisor died (killed by hand): the session file and the next start still know every process
        }
    }

    private static Path key(Path workDirectory) {
        return workDirectory.toAbsolutePath().normalize();
    }

    static String script() {
        return ShellScripts.read("supervisor.sh");
    }
}
