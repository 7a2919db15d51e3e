package dev.envtest.plugin.binaries;

/**
 * Obtaining binaries failed part-way: the index or archive could not be fetched, its SHA-512 did not match, or
 * the archive is truncated or malformed. Nothing was installed; the message names the cause and the fix.
 */
public final class BinaryDownloadException extends RuntimeException {
    public BinaryDownloadException(String message) {
        super(message);
    }

    public BinaryDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
