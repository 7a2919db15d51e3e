package dev.envtest.plugin.binaries;

/** A required binary is in none of the places looked at; the message lists them and how to fill one. */
public final class BinaryNotFoundException extends RuntimeException {
    public BinaryNotFoundException(String message) {
        super(message);
    }
}
