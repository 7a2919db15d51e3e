package dev.envtest.plugin.containers.wait;

import java.time.Duration;
import java.util.List;

/**
 * When a started container counts as ready. The launcher calls {@link #check} every few hundred milliseconds
 * until it answers ready, the container exits, or {@link #timeout()} passes; the last check's detail goes into
 * the error.
 */
public interface WaitStrategy {

    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** For logs and errors, e.g. {@code HTTP GET :8081/readyz answers 200}. */
    String describe();

    Duration timeout();

    /** Container ports this wait reaches from the host: the launcher publishes them even when not listed. */
    default List<Integer> requiredPorts() {
        return List.of();
    }

    /** The pause between attempts, and between two looks at the container's state (an engine call). */
    default Duration interval() {
        return Duration.ofMillis(100);
    }

    /**
     * The pause between attempts in the first seconds after the start, when most containers become ready; the
     * container's state is still asked only every {@link #interval()}. Short for checks that cost little (a log line
     * matched in memory, a port, an HTTP request); a wait whose check is an engine call keeps its interval.
     */
    default Duration earlyInterval() {
        return Duration.ofMillis(50);
    }

    /** One attempt. Must not block much longer than a second. */
    Check check(WaitTarget target);

    /** The outcome of one attempt: ready, not yet, or never (no point waiting on), and why. */
    record Check(boolean ready, boolean hopeless, String detail) {
        public static Check ready(String detail) {
            return new Check(true, false, detail);
        }

        public static Check notYet(String detail) {
            return new Check(false, false, detail);
        }

        /** This wait can never succeed for this container (e.g. the image has no healthcheck); the detail says the fix. */
        public static Check never(String detail) {
            return new Check(false, true, detail);
        }
    }
}
