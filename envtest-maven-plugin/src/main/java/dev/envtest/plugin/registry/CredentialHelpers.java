package dev.envtest.plugin.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.envtest.plugin.command.CommandTimeoutException;
import dev.envtest.plugin.command.Finished;
import dev.envtest.plugin.command.ShortCommand;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Asks a Docker credential helper ({@code docker-credential-<name> get}, the server address on stdin, JSON with
 * {@code Username} and {@code Secret} on stdout), found on the PATH, as the Docker CLI does.
 */
final class CredentialHelpers {

    // a helper may wait on a keychain prompt; the Docker CLI waits for ever, a build should not
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Map<String, String> env;
    private final Duration timeout;

    CredentialHelpers(Map<String, String> env) {
        this(env, TIMEOUT);
    }

    CredentialHelpers(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    Optional<RegistryCredential> get(String helper, String registry, String source) {
        Path program = find("docker-credential-" + helper).orElseThrow(() -> new RegistryException(source + " names a helper"
                + " that is not on the PATH. Fix: install docker-credential-" + helper + ", or remove \"" + helper
                + "\" from the file, or give the credentials another way (settings.xml <server> with id " + registry + ")."));
        // Docker Hub's credentials are stored under its v1 address.
        String server = registry.equals(ImageName.DOCKER_HUB) ? "https://index.docker.io/v1/" : registry;
        Finished finished;
        try {
            // stdout only, as the Docker CLI reads it: a helper's warnings on stderr are no part of its answer
            finished = ShortCommand.of(program.toString(), "get").withEnvironment(env).withInput(server)
                    .withoutErrorOutput().withTimeout(timeout).run();
        } catch (CommandTimeoutException e) {
            throw new RegistryException(source + ": " + program + " get did not answer within " + e.timeout() + " (it was stopped). Fix: check the helper (a keychain waiting to be unlocked?), or give the"
                    + " credentials another way (settings.xml <server> with id " + registry + ").", e);
        } catch (InterruptedIOException e) {
            throw new RegistryException("interrupted while asking " + program, e);
        } catch (IOException e) {
            throw new RegistryException(source + ": running " + program + " failed: " + e.getMessage(), e);
        }
        String text = finished.output().strip();
        if (!finished.succeeded()) {
            if (text.toLowerCase().contains("credentials not found")) {
                return Optional.empty();
            }
            // Its output is an error text, never a secret on failure; quote its first line only.
            throw new RegistryException(source + ": " + program + " get failed (exit " + finished.exitCode() + "): "
                    + text.lines().findFirst().orElse("") + ". Fix: log in again (docker login " + registry + ").");
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            // never the text itself, nor the parser's message quoting it: it may hold the secret
            throw new RegistryException(source + ": " + program + " get answered with something other than JSON."
                    + " Fix: check the helper (docker-credential-" + helper + " get, with the server address on stdin).");
        }
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
