package dev.envtest.plugin.identities;

/** A bad identities input (file, line or parameter named in the message) or an API call that failed. */
public class IdentitiesException extends RuntimeException {

    public IdentitiesException(String message) {
        super(message);
    }

    public IdentitiesException(String message, Throwable cause) {
        super(message, cause);
    }
}
