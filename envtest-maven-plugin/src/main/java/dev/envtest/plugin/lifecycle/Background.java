package dev.envtest.plugin.lifecycle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** The start's overlapping steps: each on a daemon thread of its own name, joined with its own exception. */
final class Background {

    private Background() {
    }

    /** Runs {@code work} on a new daemon thread (a hung step must not keep Maven's JVM alive). */
    static <T> CompletableFuture<T> run(String threadName, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** The step's result, or the RuntimeException it threw (not wrapped), so errors read as if it ran inline. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Waits until the step has finished, however it ended. */
    static void settle(CompletableFuture<?> future) {
        future.handle((value, error) -> null).join();
    }
}
