package dev.envtest.it.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Runs one container to completion for a test: builds its image from a local context directory
 * (FROM scratch + a static binary), copies files in before start, waits for it to exit, returns its exit
 * code and output, and removes the container and image whatever happens. Labelled with the project's
 * envtest work directory so the leak check can find it.
 */
public final class OneShotContainer {

    private final String image;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final List<String> extraHosts = new ArrayList<>();
    private Path buildContext;
    /** Unset: the engine's default network (Podman's {@code podman}, Docker's {@code bridge}), as {@code run} without {@code --network}. */
    private String network;
    private String workDirectoryLabel = "";

    private OneShotContainer(String image) {
        this.image = image;
    }

    /** A container whose image is built from {@code context} (a directory with a Containerfile). */
    public static OneShotContainer fromContext(Path context) {
        OneShotContainer c = new OneShotContainer("localhost/envtest-it-" + context.getFileName().toString().toLowerCase(Locale.ROOT)
                + ":" + UUID.randomUUID().toString().substring(0, 8));
        c.buildContext = context;
        return c;
    }

    public OneShotContainer args(String... values) {
        args.addAll(List.of(values));
        return this;
    }

    public OneShotContainer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A file placed at an absolute path in the container, mode 0644, before it starts. */
    public OneShotContainer file(String containerPath, Path hostFile) {
        try {
            files.put(containerPath, Files.readAllBytes(hostFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public OneShotContainer network(String name) {
        network = name;
        return this;
    }

    public OneShotContainer addHost(String entry) {
        if (entry != null && !entry.isBlank()) {
            extraHosts.add(entry);
        }
        return this;
    }

    public OneShotContainer labelWorkDirectory(String absolutePath) {
        workDirectoryLabel = absolutePath;
        return this;
    }

    /** Exit code, everything the container printed, the engine it ran on and the network(s) it was attached to. */
    public record Result(int exitCode, String output, String engine, String networks) {
    }

    public Result run(Duration timeout) {
        String dockerHost = EngineHost.resolve();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).responseTimeout(Duration.ofMinutes(2)).build();
        String containerId = null;
        try (DockerClient docker = DockerClientImpl.getInstance(config, http)) {
            try {
                docker.buildImageCmd().withBaseDirectory(buildContext.toFile()).withDockerfile(buildContext.resolve("Containerfile").toFile())
                        .withTags(java.util.Set.of(image)).withLabels(labels()).start().awaitImageId(2, TimeUnit.MINUTES);
                HostConfig hostConfig = HostConfig.newHostConfig().withExtraHosts(extraHosts.toArray(String[]::new));
                if (network != null) {
                    hostConfig.withNetworkMode(network);
                }
                CreateContainerCmd create = docker.createContainerCmd(image).withHostConfig(hostConfig).withLabels(labels())
                        .withCmd(args).withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
                containerId = create.exec().getId();
                if (!files.isEmpty()) {
                    docker.copyArchiveToContainerCmd(containerId).withRemotePath("/")
                            .withTarInputStream(new java.io.ByteArrayInputStream(tar())).exec();
                }
                docker.startContainerCmd(containerId).exec();
                String id = containerId;
                var settings = exitingRace(() -> docker.inspectContainerCmd(id).exec()).getNetworkSettings();
                String networks = settings == null || settings.getNetworks() == null ? "" : String.join(",", settings.getNetworks().keySet());
                Integer code = exitingRace(() -> docker.waitContainerCmd(id).start().awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS));
                return new Result(code, logs(docker, containerId), dockerHost, networks);
            } finally {
                if (containerId != null) {
                    docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
                }
                try {
                    docker.removeImageCmd(image).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // the build failed before tagging: nothing to remove
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>();
        labels.put("dev.envtest.it", "true");
        if (!workDirectoryLabel.isEmpty()) {
            labels.put("dev.envtest.workDirectory", workDirectoryLabel);
        }
        return labels;
    }

    private byte[] tar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            java.util.Set<String> dirs = new java.util.TreeSet<>();
            for (String path : files.keySet()) {
                Path parent = Path.of(path).getParent();
                while (parent != null && !parent.toString().equals("/")) {
                    dirs.add(parent.toString().substring(1) + "/");
                    parent = parent.getParent();
                }
            }
            for (String dir : dirs) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(040755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey().substring(1));
                entry.setSize(f.getValue().length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String logs(DockerClient docker, String id) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    /**
     * Podman before 4.4 may answer an inspect or a wait of a container whose process is exiting at that moment with 500
     * "read /proc/PID/cgroup: no such process" (containers/podman#16383, fixed in 4.4); a moment later it says exited.
     */
    private static <T> T exitingRace(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (com.github.dockerjava.api.exception.InternalServerErrorException e) {
                if (attempt >= 5 || !String.valueOf(e.getMessage()).contains("/cgroup: no such")) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
