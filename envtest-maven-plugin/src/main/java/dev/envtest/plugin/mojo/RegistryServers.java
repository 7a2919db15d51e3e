package dev.envtest.plugin.mojo;

import dev.envtest.plugin.registry.RegistryServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The {@code <server>} entries of Maven's settings (the file {@code -s} names, else {@code ~/.m2/settings.xml}), with
 * passwords decrypted the way Maven decrypts them for its own downloads ({@code settings-security.xml}). Only these
 * plain records go below the Mojo.
 */
final class RegistryServers {

    private RegistryServers() {
    }

    /** The servers, and any decryption problems (Maven's messages, which never quote the secret). */
    record Decrypted(List<RegistryServer> servers, List<String> problems) {
    }

    static Decrypted of(Settings settings, SettingsDecrypter decrypter) {
        List<RegistryServer> servers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (settings == null) {
            return new Decrypted(servers, problems);
        }
        for (Server server : settings.getServers()) {
            Server plain = server;
            if (decrypter != null) {
                SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
                for (SettingsProblem p : result.getProblems()) {
                    problems.add("server '" + server.getId() + "': " + p.getMessage());
                }
                if (result.getServer() != null) {
                    plain = result.getServer();
                }
            }
            servers.add(new RegistryServer(server.getId(), Optional.ofNullable(plain.getUsername()), Optional.ofNullable(plain.getPassword())));
        }
        return new Decrypted(servers, problems);
    }

    static Optional<RegistryServer> byId(List<RegistryServer> servers, String id) {
        return servers.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
