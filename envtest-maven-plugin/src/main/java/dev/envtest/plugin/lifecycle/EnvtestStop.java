package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.containers.ContainerCleaner;
import dev.envtest.plugin.controlplane.ManagedProcess;
import dev.envtest.plugin.controlplane.ProcessSupervisor;
import dev.envtest.plugin.controlplane.EtcdSeeder;
import dev.envtest.plugin.session.Directories;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.ShutdownGuard;
import dev.envtest.plugin.session.StateDirectory;
import dev.envtest.plugin.session.WorkDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stops everything a session file names — processes by pid and start time ({@code ProcessStart}), engine resources
 * through the engine — deletes etcd's data and keeps the logs. Reads the record in {@code target/envtest} and the one
 * in the user's state directory (which {@code mvn clean} cannot erase). Works after a failed or half-finished start,
 * in another JVM, and when there is nothing to stop; running it twice is harmless.
 */
public final class EnvtestStop {

    private final Reporter reporter;
    private final List<ResourceCleaner> cleaners;
    private final Path stateDirectory;

    public EnvtestStop(Reporter reporter, List<ResourceCleaner> cleaners) {
        this(reporter, cleaners, StateDirectory.forCurrentUser());
    }

    /** @param stateDirectory the runs directory outside target/ (see {@link StateDirectory}); null for none */
    public EnvtestStop(Reporter reporter, List<ResourceCleaner> cleaners, Path stateDirectory) {
        this.reporter = reporter;
        this.cleaners = cleaners;
        this.stateDirectory = stateDirectory;
    }

    /** Where the record of the run in {@code workDirectory} is kept outside it, or null. */
    Path mirrorOf(Path workDirectory) {
        return stateDirectory == null ? null : StateDirectory.recordFor(stateDirectory, workDirectory);
    }

    /** Whether a run's record is there: in the work directory, or outside it after a {@code clean}. */
    public boolean hasRecord(Path workDirectory) {
        return !SessionFile.loadAll(WorkDirectory.of(workDirectory).sessionFile(), mirrorOf(workDirectory)).isEmpty();
    }

    /** Stops every run recorded for {@code workDirectory}; returns what it stopped, by kind and name. */
    public Stopped stop(Path workDirectory) {
        ShutdownGuard.disarm(workDirectory);
        EtcdSeeder.cancel(workDirectory);
        Path file = WorkDirectory.of(workDirectory).sessionFile();
        List<SessionFile> sessions = SessionFile.loadAll(file, mirrorOf(workDirectory));
        Stopped stopped = Stopped.nothing();
        if (sessions.isEmpty()) {
            reporter.debug("no session at " + file + ": nothing to stop");
        }
        for (SessionFile session : sessions) {
            stopped = stopped.plus(stop(session, reporter));
            if (session.empty()) {
                session.delete();
            } else {
                reporter.warn("Some resources could not be removed; they stay listed in " + file);
            }
        }
        deleteEtcdData(workDirectory, reporter);
        return stopped;
    }

    private Stopped stop(SessionFile session, Reporter log) {
        List<String> containers = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (ResourceCleaner cleaner : cleaners) {
            for (SessionFile.ResourceEntry removed : cleaner.clean(session, log)) {
                (ContainerCleaner.NETWORK.equals(removed.kind) ? networks
                        : ContainerCleaner.VOLUME.equals(removed.kind) ? volumes
                        : SessionFile.OBJECT.equals(removed.kind) ? objects : containers).add(removed.name);
            }
        }
        List<String> processes = new ArrayList<>();
        List<SessionFile.ProcessEntry> recorded = session.processes();
        // the reverse of the start order: the API server before etcd, the supervisor (recorded first) last
        for (int i = recorded.size() - 1; i >= 0; i--) {
            SessionFile.ProcessEntry entry = recorded.get(i);
            Optional<ProcessHandle> live = entry.live();
            if (ProcessSupervisor.NAME.equals(entry.name) && live.isPresent()
                    && ProcessSupervisor.release(session.path().toAbsolutePath().getParent())) {
                // last: its processes are stopped; one this JVM started is released and exits by itself (one of
                // another JVM is ended below like any process)
                awaitExit(live.get(), Duration.ofSeconds(2));
            }
            if (live.isPresent()) {
                // etcd gets no grace once the API server is stopped, the API server none once it stopped listening
                // (see ManagedProcess.stopByName)
                Duration grace = ManagedProcess.gracePeriod(entry.name);
                long t0 = System.nanoTime();
                boolean killed = ManagedProcess.stopByName(entry.name, live.get());
                if (ProcessSupervisor.NAME.equals(entry.name)) {
                    log.debug("Stopped the supervisor (pid " + entry.pid + ")");
                } else {
                    log.info("Stopped " + entry.name + " (pid " + entry.pid + ", " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                            + (killed ? ", killed after " + grace.toSeconds() + " s" : "") + ")");
                    processes.add(entry.name);
                }
            } else {
                Optional<ProcessHandle> stranger = entry.stranger();
                if (stranger.isPresent()) {
                    // said, not hidden in debug: had our own process been taken for a stranger, it would keep running
                    log.info(entry.name + " has exited; its pid " + entry.pid + " now belongs to another process ("
                            + stranger.get().info().command().orElse("command unknown") + "), which is left alone");
                } else {
                    log.debug(entry.name + " (pid " + entry.pid + ") had already exited");
                }
            }
            session.stopped(entry.name);
        }
        return new Stopped(processes, containers, networks, volumes, objects);
    }

    /**
     * {@code keepRunning}: no shutdown hook, and the supervisor this JVM started follows nothing any more, so what runs
     * outlives the build until {@code mvn envtest:stop} or the next start.
     */
    public static void keepRunning(Path workDirectory) {
        ShutdownGuard.disarm(workDirectory);
        ProcessSupervisor.release(workDirectory);
    }

    /**
     * Stops the processes and containers of a session held in memory and deletes its record and etcd's data, keeping
     * the logs: what a JVM shutdown hook does when the build ended without {@code stop}. Maven may have closed the
     * plugin's class realm by then, so everything it needs was loaded before (see {@code ContainerCleaner}). Returns
     * what it stopped, for the hook's one line on stderr.
     */
    public Stopped stopRecorded(SessionFile session) {
        EtcdSeeder.cancel(session.path().toAbsolutePath().getParent());
        Stopped stopped = stop(session, Reporter.silent());
        if (session.empty()) {
            session.delete();
        }
        deleteEtcdData(session.path().toAbsolutePath().getParent(), Reporter.silent());
        return stopped;
    }

    private static void awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // still there: stopped like any process
        }
    }

    private static void deleteEtcdData(Path workDirectory, Reporter reporter) {
        Path data = WorkDirectory.of(workDirectory).etcdData();
        try {
            Directories.deleteRecursively(data);
        } catch (IOException e) {
            reporter.warn("could not delete " + data + ": " + e.getMessage());
        }
    }
}
