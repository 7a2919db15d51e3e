package dev.envtest.plugin.registry;

import java.util.Optional;

/**
 * Credentials for one registry, and where they were found. Only the engine's pull API sees the secret:
 * {@link #toString()} and {@link #describe()} never show it.
 *
 * @param registry      the registry host they are for
 * @param username      the user (empty with an identity token alone)
 * @param password      the password or access token
 * @param identityToken an OAuth refresh token (Docker's {@code identitytoken}), instead of a password
 * @param source        where they came from, for logs and errors: {@code settings.xml server '127.0.0.1:5443'}
 */
public record RegistryCredential(String registry, String username, String password, Optional<String> identityToken,
        String source) {

    public static RegistryCredential of(String registry, String username, String password, String source) {
        return new RegistryCredential(registry, username, password, Optional.empty(), source);
    }

    /** {@code user envtest from settings.xml server '127.0.0.1:5443'}: what logs and errors may show. */
    public String describe() {
        return (username.isEmpty() ? "an identity token" : "user " + username) + " from " + source;
    }

    @Override
    public String toString() {
        return "RegistryCredential[" + registry + ", " + describe() + "]";
    }
}
