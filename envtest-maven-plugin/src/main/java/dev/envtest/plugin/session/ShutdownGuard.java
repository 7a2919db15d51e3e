package dev.envtest.plugin.session;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JVM shutdown hook per work directory: if Maven dies between {@code start} and {@code stop} (Ctrl-C,
 * SIGTERM, an error that skips post-integration-test), what {@code start} recorded is stopped anyway.
 */
public final class ShutdownGuard {

    private static final Map<Path, Thread> HOOKS = new ConcurrentHashMap<>();

    private ShutdownGuard() {
    }

    public static void arm(Path workDirectory, Runnable cleanup) {
        Path key = workDirectory.toAbsolutePath().normalize();
        Thread hook = new Thread(cleanup, "envtest-shutdown-" + key.getFileName());
        Thread previous = HOOKS.put(key, hook);
        if (previous != null) {
            removeHook(previous);
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static void disarm(Path workDirectory) {
        Thread hook = HOOKS.remove(workDirectory.toAbsolutePath().normalize());
        if (hook != null) {
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }
}
