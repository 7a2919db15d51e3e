package dev.envtest.plugin.controlplane;

/** The control plane could not start; the message names the cause and the fix. */
public final class ControlPlaneException extends RuntimeException {
    public ControlPlaneException(String message) {
        super(message);
    }

    public ControlPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
