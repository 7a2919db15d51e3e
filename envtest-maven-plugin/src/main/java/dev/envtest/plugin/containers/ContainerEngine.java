package dev.envtest.plugin.containers;

import dev.envtest.plugin.containers.wait.ContainerState;
import dev.envtest.plugin.registry.RegistryCredential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine operations the containers stage needs, in the stage's own terms (no docker-java type crosses it), so
 * the stage's fan-out and failure handling run against a fake in unit tests. {@link DockerApiEngine} is the real
 * one. Errors are unchecked: {@link ContainerException}, or the engine client's own exceptions.
 */
public interface ContainerEngine extends AutoCloseable {

    /** What one container is created with. */
    record Creation(
            String name,
            String image,
            List<String> entrypoint,
            List<String> cmd,
            List<String> env,
            String network,
            List<String> aliases,
            List<Integer> ports,
            String portHost,
            List<String> extraHosts,
            Map<String, String> labels,
            Optional<String> user,
            Map<String, String> tmpfs,
            Map<String, String> volumes,
            boolean readyByHealthcheck) {
    }

    /** What an inspect of a container tells: its state, and its published TCP ports (container port to host port). */
    record Inspection(ContainerState state, Map<Integer, Integer> ports) {
    }

    /** The image's id, if the engine has it. */
    Optional<String> imageId(String reference);

    /** An image the engine has: its id and labels (one inspect). */
    record LocalImage(String id, Map<String, String> labels) {
    }

    /** The id and labels of an image the engine has, if it has it, from one inspect. */
    Optional<LocalImage> localImage(String reference);

    /**
     * Pulls a reference, with the registry credentials if any (they go to the engine's pull API and nowhere else),
     * telling {@code progress} each layer event; an error the engine reports while pulling is thrown.
     */
    void pull(String reference, Optional<RegistryCredential> credential, PullProgress progress, Duration timeout);

    /**
     * Builds from a context, tags the result, writes the engine's output to the build log, tells {@code steps} each
     * step as it begins ({@code STEP 2/3: COPY …}), returns the image id.
     */
    String build(BuildSpec build, BuildContext context, String tag, Map<String, String> labels, Path buildLog,
            Path scratchDirectory, Duration timeout, Consumer<String> steps);

    /** Creates a bridge network; returns its id. */
    String createNetwork(String name, Map<String, String> labels);

    /** The network's IPv4 gateway (the host's end of its bridge), if the engine names one. */
    Optional<String> gateway(String networkId);

    /** Creates a named volume with these labels; returns its name. */
    String createVolume(String name, Map<String, String> labels);

    /** Creates (does not start) a container; returns its id. */
    String create(Creation creation);

    /** Extracts a tar archive at {@code /} of a created (not yet started) container. */
    void copyIn(String containerId, byte[] tar);

    /** Whether a path exists in a (created) container. */
    boolean exists(String containerId, String path);

    void start(String containerId);

    /** Streams the container's output, from its start, into {@code log} until the container stops. */
    void followLog(String containerId, LogFollower log);

    Inspection inspect(String containerId);

    /** Runs a command in a running container (exec API), waits up to {@code timeout} for it to end. */
    dev.envtest.plugin.containers.wait.ExecResult exec(String containerId, List<String> command, Duration timeout);

    /** Runs the container's healthcheck now where the engine would not schedule it itself. */
    void runHealthcheck(String containerId);

    /** Releases the connections; a log still being followed keeps its own until its container stops. */
    @Override
    void close();
}
