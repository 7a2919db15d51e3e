package dev.envtest.plugin.containers;

/** A container could not be prepared, started or made ready; the message names the cause and the fix. */
public class ContainerException extends RuntimeException {

    public ContainerException(String message) {
        super(message);
    }

    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
