package dev.envtest.plugin.containers.wait;

import java.util.Optional;

/**
 * The parts of an engine's container inspect a wait needs.
 *
 * @param status       {@code created}, {@code running}, {@code exited}, ...
 * @param running      whether its process runs
 * @param exitCode     the exit code once it stopped
 * @param health       the healthcheck status ({@code starting}, {@code healthy}, {@code unhealthy}); empty when the
 *                     image has no healthcheck
 * @param healthOutput the output of the last healthcheck run, if any
 */
public record ContainerState(String status, boolean running, int exitCode, Optional<String> health, Optional<String> healthOutput) {

    public boolean exited() {
        return !running && !status.equals("created") && !status.equals("configured") && !status.equals("initialized");
    }
}
