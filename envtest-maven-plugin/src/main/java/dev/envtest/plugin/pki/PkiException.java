package dev.envtest.plugin.pki;

/** A certificate or key could not be made or written. */
public final class PkiException extends RuntimeException {
    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
