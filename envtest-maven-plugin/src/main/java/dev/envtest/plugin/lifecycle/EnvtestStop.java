package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.controlplane.ManagedProcess;
import dev.envtest.plugin.session.Directories;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.ShutdownGuard;
import dev.envtest.plugin.session.WorkDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stops everything a session file names — processes by pid and start instant, engine resources through the
 * engine — deletes etcd's data and keeps the logs. Works after a failed or half-finished start, in another JVM,
 * and when there is nothing to stop; running it twice is harmless.
 */
public final class EnvtestStop {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Reporter reporter;
    private final List<ResourceCleaner> cleaners;

    public EnvtestStop(Reporter reporter, List<ResourceCleaner> cleaners) {
        this.reporter = reporter;
        this.cleaners = cleaners;
    }

    /** Returns how many things it stopped or removed. */
    public int stop(Path workDirectory) {
        ShutdownGuard.disarm(workDirectory);
        Path file = WorkDirectory.of(workDirectory).sessionFile();
        Optional<SessionFile> loaded = SessionFile.load(file);
        if (loaded.isEmpty()) {
            reporter.debug("no session at " + file + ": nothing to stop");
            deleteEtcdData(workDirectory);
            return 0;
        }
        SessionFile session = loaded.get();
        int count = 0;
        for (ResourceCleaner cleaner : cleaners) {
            count += cleaner.clean(session, reporter);
        }
        List<SessionFile.ProcessEntry> processes = session.processes();
        for (int i = processes.size() - 1; i >= 0; i--) {
            SessionFile.ProcessEntry entry = processes.get(i);
            Optional<ProcessHandle> live = entry.live();
            if (live.isPresent()) {
                boolean killed = ManagedProcess.stop(live.get(), GRACE);
                reporter.info("Stopped " + entry.name + " (pid " + entry.pid + (killed ? ", killed after " + GRACE.toSeconds() + " s" : "") + ")");
                count++;
            } else {
                reporter.debug(entry.name + " (pid " + entry.pid + ") had already exited");
            }
            session.stopped(entry.name);
        }
        deleteEtcdData(workDirectory);
        if (session.empty()) {
            session.delete();
        } else {
            reporter.warn("Some resources could not be removed; they stay listed in " + file);
        }
        return count;
    }

    /**
     * Stops the processes of a session held in memory, without reading files or logging: what a JVM shutdown hook
     * can still do after Maven has closed the plugin's class realm (no class may be loaded any more).
     */
    public void stopRecorded(SessionFile session) {
        for (ResourceCleaner cleaner : cleaners) {
            cleaner.clean(session, Reporter.silent());
        }
        List<SessionFile.ProcessEntry> processes = session.processes();
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).live().ifPresent(h -> ManagedProcess.stop(h, GRACE));
        }
    }

    private void deleteEtcdData(Path workDirectory) {
        Path data = WorkDirectory.of(workDirectory).etcdData();
        try {
            Directories.deleteRecursively(data);
        } catch (IOException e) {
            reporter.warn("could not delete " + data + ": " + e.getMessage());
        }
    }

}
