package dev.envtest.plugin.lifecycle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The one line the shutdown hook prints on stderr (Maven's logger may be gone by then): what it stopped. Its code runs
 * once in {@link #preload} while classes can still be loaded, because the hook may run after Maven closed the
 * plugin's class realm.
 */
final class ShutdownReport {

    private ShutdownReport() {
    }

    static void preload() {
        line(Path.of("."), new Stopped(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e")).plus(Stopped.nothing()));
    }

    static void print(Path work, Stopped stopped) {
        PrintStream err = System.err;
        err.println(line(work, stopped));
        err.flush();
    }

    private static String line(Path work, Stopped stopped) {
        StringBuilder line = new StringBuilder("[envtest] the build ended before envtest:stop; the shutdown hook stopped ");
        line.append(stopped.describe()).append(" and removed etcd's data in ").append(work).append(" (logs kept)");
        return line.toString();
    }
}
