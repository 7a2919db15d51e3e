package dev.envtest.plugin.registry;

import java.util.Optional;

/**
 * A {@code <server>} of Maven's {@code settings.xml}, its password already decrypted the way Maven does. Handed
 * down by the start goal; nothing below it reads Maven's settings.
 */
public record RegistryServer(String id, Optional<String> username, Optional<String> password) {

    public RegistryServer {
        username = username.filter(s -> !s.isEmpty());
        password = password.filter(s -> !s.isEmpty());
    }

    public boolean hasCredentials() {
        return username.isPresent() && password.isPresent();
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "server '" + id + "'" + username.map(u -> " (user " + u + ")").orElse("");
    }
}
