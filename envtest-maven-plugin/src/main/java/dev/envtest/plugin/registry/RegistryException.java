package dev.envtest.plugin.registry;

/** A registry credential that cannot be used, with the cause and the fix. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
