package dev.envtest.it.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The engine a test's own containers go to: the one the plugin found ({@code envtest.engine.host}, which follows
 * {@code -Denvtest.dockerHost} and {@code DOCKER_HOST}), else {@code DOCKER_HOST}, else rootful Podman's socket. The
 * tests then run on whatever engine the lane selected, never on a hard-coded one.
 */
public final class EngineHost {

    private EngineHost() {
    }

    public static String resolve() {
        // where envtest-junit looks too: the system property failsafe passes, else target/envtest/ in the working directory
        Path file = Path.of(System.getProperty("envtest.properties", "target/envtest/envtest.properties"));
        if (Files.isReadable(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                // fall through to the environment
            }
            String found = p.getProperty("envtest.engine.host", "");
            if (!found.isBlank()) {
                return found;
            }
        }
        String env = System.getenv("DOCKER_HOST");
        return env != null && !env.isBlank() ? env : "unix:///run/podman/podman.sock";
    }
}
