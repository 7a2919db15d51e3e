package dev.envtest.plugin.registry;

import java.util.Optional;

/**
 * A container's own {@code <authentication>}: the settings.xml server its {@code serverId} names (resolved and
 * decrypted by the start goal), or a user and password given in the pom.
 */
public record RegistryAuthentication(Optional<RegistryServer> server, Optional<String> username, Optional<String> password) {

    public static RegistryAuthentication ofServer(RegistryServer server) {
        return new RegistryAuthentication(Optional.of(server), Optional.empty(), Optional.empty());
    }

    public static RegistryAuthentication ofUser(String username, String password) {
        return new RegistryAuthentication(Optional.empty(), Optional.of(username), Optional.of(password));
    }

    @Override
    public String toString() {
        return server.map(RegistryServer::toString).orElseGet(() -> "user " + username.orElse("?"));
    }
}
