package dev.envtest.plugin.containers;

import dev.envtest.plugin.containers.wait.ExecResult;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.envtest.plugin.registry.RegistryCredential;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.envtest.plugin.containers.wait.ContainerState;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.TransportLogs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link ContainerEngine} through docker-java (zerodep transport, API version unset) and, for the one thing the
 * Docker-compatible API lacks on Podman (running a healthcheck on demand), Podman's own API. Never the podman CLI.
 *
 * <p>Two connections: one for requests, and one without a response timeout for following logs. {@link #close()}
 * releases the first at once; the second once the last followed log has ended (its container stopped or was
 * removed), so that closing the engine after {@code start} does not cut the logs the tests still produce.
 */
public final class DockerApiEngine implements ContainerEngine {

    /**
     * Docker has no way to run a healthcheck on demand and runs the first one only after the image's interval (30 s by
     * default): a container waited for by its HEALTHCHECK gets this interval instead (the image's command, timeout and
     * retries stay: Docker takes the fields it is not given from the image).
     */
    static final Duration DOCKER_HEALTHCHECK_INTERVAL = Duration.ofSeconds(1);

    /** Builds and pulls can take long; everything else answers in seconds. */
    private static final Duration API_TIMEOUT = Duration.ofMinutes(10);

    private final EngineInfo info;
    private final EngineClient apiClient;
    private final EngineClient streamClient;
    private final DockerClient api;
    private final DockerClient streams;

    private final AtomicInteger followedLogs = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    public DockerApiEngine(EngineInfo info) {
        this.info = info;
        this.apiClient = new EngineClient(info.dockerHost(), API_TIMEOUT);
        // Following a quiet container's log must not time out: no response timeout on this one.
        this.streamClient = new EngineClient(info.dockerHost(), Duration.ZERO);
        this.api = DockerClientImpl.getInstance(apiClient.config(), apiClient.http());
        this.streams = DockerClientImpl.getInstance(streamClient.config(), streamClient.http());
    }

    @Override
    public void followLog(String containerId, LogFollower log) {
        followedLogs.incrementAndGet();
        log.follow(streams, containerId, () -> {
            if (followedLogs.decrementAndGet() == 0 && closed.get()) {
                streamClient.close();
            }
        });
    }

    // ---- images ----

    /** The image's id, if the engine has it. */
    @Override
    public Optional<String> imageId(String reference) {
        try {
            InspectImageResponse image = api.inspectImageCmd(reference).exec();
            return Optional.ofNullable(image.getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Pulls a reference; an error the engine streams (Podman's pull errors are items, not statuses) is thrown. With
     * credentials, the request goes over the engine's socket directly ({@link EnginePull}), not through docker-java,
     * whose HTTP client logs the credentials header at debug level (Maven's -X).
     */
    @Override
    public void pull(String reference, Optional<RegistryCredential> credential, PullProgress progress, Duration timeout) {
        ImageReference ref = ImageReference.parse(reference);
        if (EnginePull.supports(info.dockerHost(), System.getenv())) {
            List<String> errors = new EnginePull(info.dockerHost()).pull(ref.repository(), ref.tagOrDigest(), credential, progress, timeout);
            if (!errors.isEmpty()) {
                throw new ContainerException(String.join("; ", errors));
            }
            return;
        }
        List<String> errors = new ArrayList<>();
        ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                    errors.add(item.getErrorDetail().getMessage());
                } else if (item.getError() != null) {
                    errors.add(item.getError());
                } else if (item.getProgressDetail() != null) {
                    Long current = item.getProgressDetail().getCurrent();
                    Long total = item.getProgressDetail().getTotal();
                    progress.event(item.getId(), item.getStatus() == null ? "" : item.getStatus(), current == null ? 0 : current,
                            total == null ? 0 : total);
                }
            }
        };
        try {
            var cmd = api.pullImageCmd(ref.repository()).withTag(ref.tagOrDigest());
            credential.ifPresent(c -> cmd.withAuthConfig(c.identityToken().isPresent()
                    ? new AuthConfig().withIdentityToken(c.identityToken().get()).withRegistryAddress(c.registry())
                    : new AuthConfig().withUsername(c.username()).withPassword(c.password()).withRegistryAddress(c.registry())));
            cmd.exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                callback.close();
                throw new ContainerException("pulling " + reference + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("interrupted while pulling " + reference, e);
        } catch (IOException e) {
            throw new ContainerException("pulling " + reference + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ContainerException) {
                throw e;
            }
            errors.add(e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new ContainerException(String.join("; ", errors));
        }
    }

    /** The labels of an image the engine has, if it has it. */
    @Override
    public Optional<LocalImage> localImage(String reference) {
        try {
            InspectImageResponse image = api.inspectImageCmd(reference).exec();
            Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
            return Optional.of(new LocalImage(image.getId(), labels == null ? Map.of() : labels));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Builds from a context directory and a Containerfile in it, tags the result, writes the engine's output to the
     * build log and returns the image id. The context goes as an uncompressed tar through a temporary file, unless it
     * has an ignore file (then docker-java's scanner applies it). The result is checked: Podman releases have
     * reported a failed build as a success, so the tag must exist afterwards.
     */
    @Override
    public String build(BuildSpec build, BuildContext context, String tag, Map<String, String> labels, Path buildLog,
            Path scratchDirectory, Duration timeout, Consumer<String> steps) {
        String imageId;
        Path tarFile = null;
        try (OutputStream log = Files.newOutputStream(Files.createDirectories(buildLog.getParent()).resolve(buildLog.getFileName()))) {
            BuildImageResultCallback callback = new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    writeBuildOutput(log, item);
                    BuildSteps.of(item.getStream()).forEach(steps);
                    super.onNext(item);
                }
            };
            var cmd = api.buildImageCmd().withTags(Set.of(tag)).withLabels(labels).withPull(false).withRemove(true);
            if (context.hasIgnoreFile()) {
                cmd.withBaseDirectory(build.contextDirectory().toFile()).withDockerfile(build.containerfile().toFile());
            } else {
                tarFile = Files.createTempFile(Files.createDirectories(scratchDirectory), "context-", ".tar");
                try (OutputStream out = Files.newOutputStream(tarFile)) {
                    context.writeTar(out);
                }
                cmd.withTarInputStream(Files.newInputStream(tarFile)).withDockerfilePath(context.containerfilePath());
            }
            build.buildArgs().forEach(cmd::withBuildArg);
            imageId = cmd.exec(callback).awaitImageId(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (DockerClientException e) {
            throw new ContainerException(e.getMessage().strip(), e);
        } catch (IOException e) {
            throw new ContainerException("could not write " + buildLog + " or the context archive: " + e.getMessage(), e);
        } finally {
            if (tarFile != null) {
                try {
                    Files.deleteIfExists(tarFile);
                } catch (IOException e) {
                    // a temporary file under target/ is harmless
                }
            }
        }
        String tagged = imageId(tag).orElseThrow(() -> new ContainerException("the engine reported the build as done,"
                + " but has no image tagged " + tag));
        if (imageId != null && !tagged.replace("sha256:", "").startsWith(imageId.replace("sha256:", ""))) {
            throw new ContainerException("the engine reported image " + imageId + " but " + tag + " is " + tagged);
        }
        return tagged;
    }

    private static void writeBuildOutput(OutputStream log, BuildResponseItem item) {
        try {
            StringBuilder b = new StringBuilder();
            if (item.getStream() != null) {
                b.append(item.getStream());
            }
            if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                b.append("ERROR: ").append(item.getErrorDetail().getMessage()).append('\n');
            } else if (item.getError() != null) {
                b.append("ERROR: ").append(item.getError()).append('\n');
            }
            log.write(b.toString().getBytes(StandardCharsets.UTF_8));
            log.flush();
        } catch (IOException e) {
            // the build goes on; only its log is short
        }
    }

    // ---- networks ----

    @Override
    public String createNetwork(String name, Map<String, String> labels) {
        return api.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).withCheckDuplicate(true).exec().getId();
    }

    @Override
    public Optional<String> gateway(String networkId) {
        Network.Ipam ipam = api.inspectNetworkCmd().withNetworkId(networkId).exec().getIpam();
        if (ipam == null || ipam.getConfig() == null) {
            return Optional.empty();
        }
        return ipam.getConfig().stream().map(Network.Ipam.Config::getGateway)
                .filter(g -> g != null && !g.isBlank() && !g.contains(":")).findFirst();
    }

    // ---- containers ----

    @Override
    public String create(Creation c) {
        List<ExposedPort> exposed = new ArrayList<>();
        List<PortBinding> bindings = new ArrayList<>();
        for (int port : c.ports()) {
            ExposedPort p = ExposedPort.tcp(port);
            exposed.add(p);
            // An empty host port: the engine picks a free one, read back from inspect.
            bindings.add(new PortBinding(Ports.Binding.bindIp(c.portHost()), p));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(c.network())
                .withPortBindings(bindings)
                .withExtraHosts(c.extraHosts().toArray(String[]::new));
        if (!c.tmpfs().isEmpty()) {
            host.withTmpFs(c.tmpfs());
        }
        if (!c.volumes().isEmpty()) {
            host.withBinds(c.volumes().entrySet().stream()
                    .map(v -> new com.github.dockerjava.api.model.Bind(v.getKey(), new com.github.dockerjava.api.model.Volume(v.getValue())))
                    .toList());
        }
        CreateContainerCmd cmd = api.createContainerCmd(c.image())
                .withName(c.name())
                .withHostConfig(host)
                .withAliases(c.aliases())
                .withExposedPorts(exposed)
                .withEnv(c.env())
                .withLabels(c.labels());
        if (!c.entrypoint().isEmpty()) {
            cmd.withEntrypoint(c.entrypoint());
        }
        if (!c.cmd().isEmpty()) {
            cmd.withCmd(c.cmd());
        }
        c.user().ifPresent(cmd::withUser);
        if (c.readyByHealthcheck() && !info.podman()) {
            cmd.withHealthcheck(new HealthCheck().withInterval(DOCKER_HEALTHCHECK_INTERVAL.toNanos()));
        }
        return cmd.exec().getId();
    }

    /** Extracts a tar archive at {@code /} of a created (not yet started) container. */
    @Override
    public void copyIn(String containerId, byte[] tar) {
        // the archive may hold a ServiceAccount token and kubeconfig: never with the wire log on
        TransportLogs.requireSilent("the credentials copied into the container");
        api.copyArchiveToContainerCmd(containerId).withRemotePath("/").withTarInputStream(new ByteArrayInputStream(tar)).exec();
    }

    /** Whether a path exists in a (created) container: the archive API's stat, without reading the content. */
    @Override
    public boolean exists(String containerId, String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + containerId + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)).build();
        try (DockerHttpClient.Response response = apiClient.http().execute(request)) {
            return response.getStatusCode() / 100 == 2;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public void start(String containerId) {
        api.startContainerCmd(containerId).exec();
    }

    @Override
    public Inspection inspect(String containerId) {
        // a container exiting right now may make Podman 4.3 answer 500 once: asked again, it says exited
        InspectContainerResponse inspect = ExitingContainerRace.retrying(() -> api.inspectContainerCmd(containerId).exec());
        return new Inspection(state(inspect), publishedPorts(inspect));
    }

    /** The published ports from an inspect: container TCP port to host port. */
    static Map<Integer, Integer> publishedPorts(InspectContainerResponse inspect) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        if (inspect.getNetworkSettings() == null || inspect.getNetworkSettings().getPorts() == null) {
            return ports;
        }
        inspect.getNetworkSettings().getPorts().getBindings().forEach((exposed, bound) -> {
            if (bound != null && exposed.getProtocol() != null && exposed.getProtocol().toString().equals("tcp")) {
                for (Ports.Binding b : bound) {
                    String spec = b.getHostPortSpec();
                    if (spec != null && spec.matches("\\d+") && !spec.equals("0")) {
                        ports.put(exposed.getPort(), Integer.parseInt(spec));
                        break;
                    }
                }
            }
        });
        return ports;
    }

    static ContainerState state(InspectContainerResponse inspect) {
        InspectContainerResponse.ContainerState s = inspect.getState();
        if (s == null) {
            return new ContainerState("unknown", false, -1, Optional.empty(), Optional.empty());
        }
        HealthState health = s.getHealth();
        Optional<String> status = Optional.ofNullable(health).map(HealthState::getStatus).filter(v -> !v.isBlank());
        Optional<String> output = Optional.ofNullable(health).map(HealthState::getLog).filter(l -> !l.isEmpty())
                .map(l -> l.get(l.size() - 1)).map(HealthStateLog::getOutput);
        Long exit = s.getExitCodeLong();
        return new ContainerState(s.getStatus() == null ? "unknown" : s.getStatus(), Boolean.TRUE.equals(s.getRunning()),
                exit == null ? -1 : exit.intValue(), status, output);
    }

    @Override
    public String createVolume(String name, Map<String, String> labels) {
        return api.createVolumeCmd().withName(name).withLabels(labels).exec().getName();
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) {
        String execId;
        try {
            execId = api.execCreateCmd(containerId).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                    .withAttachStderr(true).exec().getId();
        } catch (DockerException e) {
            return new ExecResult(-1, "", String.valueOf(e.getMessage()).strip());
        }
        StringBuilder out = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    if (out.length() > 4096) {
                        out.delete(0, out.length() - 4096);
                    }
                }
            }
        };
        try {
            api.execStartCmd(execId).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                callback.close();
                return new ExecResult(-1, out + " (still running after " + timeout.toSeconds() + " s)", "");
            }
        } catch (DockerException e) {
            return new ExecResult(-1, out.toString(), String.valueOf(e.getMessage()).strip());
        } catch (IOException e) {
            return new ExecResult(-1, out.toString(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("interrupted while running " + command + " in a container");
        }
        Long code = api.inspectExecCmd(execId).exec().getExitCodeLong();
        synchronized (out) {
            return new ExecResult(code == null ? -1 : code.intValue(), out.toString(), "");
        }
    }

    /**
     * Runs the container's healthcheck now. Podman schedules healthchecks with systemd timers, absent on many CI
     * machines and in containers, so its status would stay {@code starting}; Podman's own API runs one on demand.
     * Docker runs healthchecks itself: nothing to do.
     */
    @Override
    public void runHealthcheck(String containerId) {
        if (!info.podman()) {
            return;
        }
        String major = info.version().split("[.-]")[0];
        DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/v" + (major.matches("\\d+") ? major : "4") + ".0.0/libpod/containers/" + containerId + "/healthcheck").build();
        try (DockerHttpClient.Response response = apiClient.http().execute(request); InputStream body = response.getBody()) {
            if (body != null) {
                body.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            // the next check tries again; the status stays what it was
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            apiClient.close();
            if (followedLogs.get() == 0) {
                streamClient.close();
            }
        }
    }

    /** An image reference split the way the pull API wants it: repository, and a tag or digest. */
    record ImageReference(String repository, String tagOrDigest) {
        static ImageReference parse(String reference) {
            int at = reference.indexOf('@');
            if (at > 0) {
                return new ImageReference(reference.substring(0, at), reference.substring(at + 1));
            }
            int slash = reference.lastIndexOf('/');
            int colon = reference.lastIndexOf(':');
            if (colon > slash) {
                return new ImageReference(reference.substring(0, colon), reference.substring(colon + 1));
            }
            return new ImageReference(reference, "latest");
        }
    }
}
