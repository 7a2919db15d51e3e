package dev.envtest.plugin.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process has exited, counting one that its parent has not reaped yet (a zombie). When the JVM that started
 * etcd and kube-apiserver has ended, they are reparented to the container's or machine's init, which may reap them
 * seconds late; they are gone in all but the process table, so {@code stop} and the session record treat them as gone.
 */
public final class ProcessLiveness {

    private ProcessLiveness() {
    }

    public static boolean exited(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        try {
            String[] fields = ProcStat.afterCommand(handle.pid());
            return fields.length > 0 && fields[0].equals("Z");
        } catch (IOException e) {
            // no /proc (macOS: isAlive() alone), or the process is gone since isAlive()
            return Files.isDirectory(Path.of("/proc")) && !handle.isAlive();
        }
    }
}
