package dev.envtest.plugin.cluster;

/** An existing cluster that cannot be used as configured; the message names the cause and the fix. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
