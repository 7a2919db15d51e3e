package dev.envtest.plugin.containers;

import java.nio.file.Path;
import java.util.Map;

/**
 * An image built by the engine from a context directory and a Containerfile inside it.
 *
 * @param contextDirectory the build context sent to the engine
 * @param containerfile    the Containerfile (or Dockerfile), inside the context directory
 * @param buildArgs        {@code ARG} values
 */
public record BuildSpec(Path contextDirectory, Path containerfile, Map<String, String> buildArgs) {
    public BuildSpec {
        buildArgs = Map.copyOf(buildArgs);
    }
}
