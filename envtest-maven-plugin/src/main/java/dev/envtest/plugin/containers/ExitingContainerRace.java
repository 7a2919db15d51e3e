package dev.envtest.plugin.containers;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import java.util.function.Supplier;

/**
 * Podman before 4.4 answers an inspect of a container whose process is exiting at that moment with a 500, "read
 * /proc/PID/cgroup: no such process": it opened the process's {@code cgroup} file and the kernel answered ESRCH as the
 * process went (containers/podman#16383, fixed by #16504 in 4.4; Debian 12 ships 4.3.1). The container is not broken,
 * only between two states; asked again a moment later, Podman reports it exited. Seen in this project's CI (rootless
 * Podman 4.3.1) when a test inspected a one-shot container right after starting it.
 */
final class ExitingContainerRace {

    /** Attempts in all, a short pause apart: the state settles within milliseconds. */
    static final int ATTEMPTS = 5;
    private static final long PAUSE_MILLIS = 20;

    private ExitingContainerRace() {
    }

    /** {@code call}, asked again while Podman answers with this race; any other error, or the last one, is thrown. */
    static <T> T retrying(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (InternalServerErrorException e) {
                if (attempt >= ATTEMPTS || !isRace(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean isRace(InternalServerErrorException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("/cgroup: no such process") || message.contains("/cgroup: no such file or directory");
    }
}
