package dev.envtest.plugin.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks a Docker credential helper ({@code docker-credential-<name> get}, the server address on stdin, JSON with
 * {@code Username} and {@code Secret} on stdout), found on the PATH, as the Docker CLI does.
 */
final class CredentialHelpers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> env;

    CredentialHelpers(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Optional<RegistryCredential> get(String helper, String registry, String source) {
        Path program = find("docker-credential-" + helper).orElseThrow(() -> new RegistryException(source + " names a helper"
                + " that is not on the PATH. Fix: install docker-credential-" + helper + ", or remove \"" + helper
                + "\" from the file, or give the credentials another way (settings.xml <server> with id " + registry + ")."));
        // Docker Hub's credentials are stored under its v1 address.
        String server = registry.equals(ImageName.DOCKER_HUB) ? "https://index.docker.io/v1/" : registry;
        try {
            ProcessBuilder pb = new ProcessBuilder(program.toString(), "get").redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(server.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RegistryException(source + ": " + program + " get did not answer within 30 s. Fix: check the helper.");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                if (text.toLowerCase().contains("credentials not found")) {
                    return Optional.empty();
                }
                // Its output is an error text, never a secret on failure; quote its first line only.
                throw new RegistryException(source + ": " + program + " get failed (exit " + p.exitValue() + "): "
                        + text.lines().findFirst().orElse("") + ". Fix: log in again (docker login " + registry + ").");
            }
            JsonNode answer = JSON.readTree(text);
            String user = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            // "<token>" as the user name means the secret is an identity token (Docker's convention).
            if (user.equals("<token>")) {
                return Optional.of(new RegistryCredential(registry, "", "", Optional.of(secret), source));
            }
            return Optional.of(RegistryCredential.of(registry, user, secret, source));
        } catch (IOException e) {
            throw new RegistryException(source + ": running " + program + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while asking " + program);
        }
    }

    private Optional<Path> find(String name) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
