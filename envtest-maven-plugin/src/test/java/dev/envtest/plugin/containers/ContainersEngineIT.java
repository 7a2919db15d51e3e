package dev.envtest.plugin.containers;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DockerClientImpl;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.containers.wait.HealthcheckWait;
import dev.envtest.plugin.containers.wait.HttpWait;
import dev.envtest.plugin.containers.wait.LogWait;
import dev.envtest.plugin.containers.wait.RunningWait;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.identities.ServiceAccountSpec;
import dev.envtest.plugin.lifecycle.EnvtestStart;
import dev.envtest.plugin.lifecycle.EnvtestStop;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.session.RecordingReporter;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containers step against the real engine (DOCKER_HOST in the engine lanes of .ci/run, else the rootful Podman socket
 * .ci/setup starts; the leftover checks and the start-failure cases ask the same one): each failure is an error
 * naming the cause (with the container's last log lines where it ran) and leaves no container or network behind.
 * Images are built from the it/fixtures programs (built here by it/fixtures/build.sh).
 */
class ContainersEngineIT {

    /** The engine the lane selected (DOCKER_HOST: Docker Engine, rootless Podman), else the rootful Podman .ci/setup starts. */
    private static final String SOCKET = Optional.ofNullable(System.getenv("DOCKER_HOST")).filter(h -> !h.isBlank())
            .orElse("unix:///run/podman/podman.sock");
    private static Path fixtures;
    private static EngineInfo engine;

    @TempDir
    Path work;

    private final RecordingReporter reporter = new RecordingReporter();
    private final List<String> infos = reporter.lines();
    private final ContainerCleaner cleaner = new ContainerCleaner();
    private SessionFile session;

    @BeforeAll
    static void engineAndFixtures() throws IOException, InterruptedException {
        assumeTrue(!SOCKET.startsWith("unix://") || Files.exists(Path.of(SOCKET.substring("unix://".length()))),
                "the engine API socket " + SOCKET + " (.ci/setup) is needed");
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(10))) {
            engine = client.describe("linux");
        }
        fixtures = Path.of("target/it-fixtures").toAbsolutePath();
        Path script = Path.of("../it/fixtures/build.sh").toAbsolutePath().normalize();
        Process build = new ProcessBuilder("bash", script.toString(), fixtures.toString()).inheritIO().start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES) && build.exitValue() == 0, "it/fixtures/build.sh failed");
    }

    @BeforeEach
    void session() {
        session = SessionFile.create(work.resolve("session.json"), UUID.randomUUID().toString());
    }

    /** Nothing labelled with this work directory may remain, whatever the test did. */
    @AfterEach
    void nothingLeftBehind() {
        new EnvtestStop(Reporter.silent(), List.of(cleaner)).stop(work);
        assertEquals(List.of(), leftovers(work), "no container or network of this work directory may be left");
    }

    static List<String> leftovers(Path work) {
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(10))) {
            DockerClient docker = DockerClientImpl.getInstance(client.config(), client.http());
            String label = ContainerCleaner.LABEL_WORK_DIRECTORY + "=" + work.toAbsolutePath().normalize();
            List<String> left = new ArrayList<>();
            for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()) {
                left.add("container " + String.join(",", c.getNames()));
            }
            for (Network n : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
                left.add("network " + n.getName());
            }
            var volumes = docker.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
            if (volumes != null) {
                volumes.forEach(v -> left.add("volume " + v.getName()));
            }
            return left;
        }
    }

    /** Tagged once for this test class, so repeated runs reuse the image instead of adding a tag per temporary directory. */
    private static ImageSpec fixture(String name) {
        return ImageSpec.build(new BuildSpec(fixtures.resolve(name), fixtures.resolve(name).resolve("Containerfile"), Map.of()),
                Optional.of("localhost/envtest/it-" + name + ":containers-engine-it"));
    }

    /** A kubeconfig the stand-in loads at start (it calls the API server only per request). */
    private FileCopy dummyKubeconfig() throws IOException {
        Path file = Files.writeString(work.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
                + "    server: https://127.0.0.1:1\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: x\n  context:\n"
                + "    cluster: c\n    user: u\ncurrent-context: x\n");
        return new FileCopy(file, "/etc/test/kubeconfig", OptionalInt.empty());
    }

    private ContainersStage.Started run(ContainerSpec... specs) {
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(specs)), cleaner);
        stage.prepare(new ContainersStage.Context(engine, HostAccessPolicy.choose(engine.mode()), session, work, reporter));
        return stage.start(CredentialsSource.none(), k -> null);
    }

    private ContainerException fails(ContainerSpec... specs) {
        return assertThrows(ContainerException.class, () -> run(specs));
    }

    @Test
    void aContainerThatExitsFailsWithItsLogTailAndItsDependentsNeverStart() {
        ContainerSpec datastorage = ContainerSpec.minimal("datastorage", fixture("datastorage"),
                new HttpWait(8081, "/readyz", 200, Duration.ofSeconds(30)));
        ContainerSpec caller = ContainerSpec.minimal("caller", fixture("caller"), new RunningWait(Duration.ofSeconds(10)))
                .withArgs(List.of("-url", "http://datastorage:8080/readyz")).withDependsOn(List.of("datastorage"));
        ContainerException e = fails(caller, datastorage);
        String m = e.getMessage();
        assertTrue(m.startsWith("container 'datastorage' (built from " + fixtures.resolve("datastorage/Containerfile")
                + ") exited with code 1 before it was ready"), m);
        assertTrue(m.contains("| datastorage: "), "the container's own last words are quoted: " + m);
        assertTrue(m.contains(work.resolve("logs/datastorage.log").toString()), m);
        assertEquals(List.of("datastorage"), session.resources().stream().filter(r -> r.kind.equals(ContainerCleaner.CONTAINER))
                .map(r -> r.name.replaceFirst("^envtest-[0-9a-f]{8}-", "")).toList(), "the dependent was never created");
    }

    @Test
    void aWaitOnAPortTheImageDoesNotListenOnTimesOut() throws IOException {
        ContainerSpec spec = ContainerSpec.minimal("datastorage", fixture("datastorage"), new HttpWait(9999, "/readyz", 200, Duration.ofSeconds(3)))
                .withFiles(List.of(dummyKubeconfig())).withEnv(Map.of("KUBECONFIG", "/etc/test/kubeconfig"));
        String m = fails(spec).getMessage();
        assertTrue(m.contains("was not ready within 3 s (waiting until HTTP GET :9999/readyz answers 200; last check: GET http://127.0.0.1:"), m);
        // Podman refuses; Docker's docker-proxy accepts for the container and closes: both are named as not listening
        assertTrue(m.contains("connection refused") || m.contains("accepted and closed without an answer (a port proxy with nothing"
                + " listening behind it on container port 9999)"), m);
        assertTrue(m.contains("msg=started service=datastorage port=8080 healthPort=8081"), "the log tail shows it did start: " + m);
    }

    @Test
    void aLogLineThatNeverComesTimesOutWithTheLogTail() {
        ContainerSpec spec = ContainerSpec.minimal("caller", fixture("caller"), new LogWait(Pattern.compile("status=200"), 1, Duration.ofSeconds(3)))
                .withArgs(List.of("-url", "http://127.0.0.1:1/", "-interval", "200ms"));
        String m = fails(spec).getMessage();
        assertTrue(m.contains("'caller'") && m.contains("was not ready within 3 s (waiting until a log line matches /status=200/"), m);
        assertTrue(m.contains("| error=Get \"http://127.0.0.1:1/\""), m);
    }

    @Test
    void anImageThatCannotBePulled() {
        String m = fails(ContainerSpec.minimal("ghost", ImageSpec.pull("registry.invalid/envtest/ghost:1", PullPolicy.MISSING),
                new RunningWait(Duration.ofSeconds(5)))).getMessage();
        assertTrue(m.startsWith("container 'ghost': pulling registry.invalid/envtest/ghost:1 failed: "), m);
        assertTrue(m.contains("Fix: check the image name and that the engine reaches registry.invalid"), m);
    }

    @Test
    void anImageThatIsNotPresentWithPullPolicyNever() {
        String m = fails(ContainerSpec.minimal("ghost", ImageSpec.pull("localhost/envtest/never-built:1", PullPolicy.NEVER),
                new RunningWait(Duration.ofSeconds(5)))).getMessage();
        assertTrue(m.contains("image localhost/envtest/never-built:1 is not present and pullPolicy is never"), m);
    }

    @Test
    void aContainerfileThatFailsToBuild() throws IOException {
        Path context = Files.createDirectories(work.resolve("bad-context"));
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\nCOPY nothing-here /nothing-here\n");
        String m = fails(ContainerSpec.minimal("broken", ImageSpec.build(new BuildSpec(context, context.resolve("Containerfile"), Map.of()),
                Optional.of("localhost/envtest/it-broken:1")), new RunningWait(Duration.ofSeconds(5)))).getMessage();
        assertTrue(m.startsWith("container 'broken': building " + context.resolve("Containerfile") + " failed: "), m);
        assertTrue(m.contains("nothing-here"), "the engine's reason: " + m);
        assertTrue(m.contains("Build log: " + work.resolve("logs/broken.build.log")), m);
    }

    @Test
    void noContainerEngine() {
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(ContainerSpec.minimal("x", ImageSpec.pull("x:1", PullPolicy.MISSING),
                new RunningWait(Duration.ofSeconds(1))))), cleaner);
        ContainerException e = assertThrows(ContainerException.class, () -> stage.prepare(new ContainersStage.Context(EngineInfo.none(),
                HostAccessPolicy.choose(EngineInfo.none().mode()), session, work, reporter)));
        assertTrue(e.getMessage().contains("containers are configured, but no container engine answered. Fix: start the Podman API service"),
                e.getMessage());
    }

    @Test
    void theImageHealthcheckIsRunPromptlyOnEachEngineAndCountsAsReady() throws IOException {
        Path context = Files.createDirectories(work.resolve("hc"));
        Files.copy(fixtures.resolve("datastorage/datastorage"), context.resolve("datastorage"));
        Files.copy(fixtures.resolve("caller/caller"), context.resolve("caller"));
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\nCOPY datastorage /datastorage\nCOPY caller /caller\n"
                + "USER 65532:65532\nHEALTHCHECK --interval=30s CMD [\"/caller\", \"-check\", \"http://127.0.0.1:8081/healthz\"]\n"
                + "ENTRYPOINT [\"/datastorage\"]\n");
        Files.writeString(context.resolve("Containerfile.failing"), "FROM scratch\nCOPY datastorage /datastorage\nCOPY caller /caller\n"
                + "USER 65532:65532\nHEALTHCHECK --interval=30s CMD [\"/caller\", \"-check\", \"http://127.0.0.1:1/\"]\n"
                + "ENTRYPOINT [\"/datastorage\"]\n");
        ContainerSpec healthy = ContainerSpec.minimal("healthy", ImageSpec.build(new BuildSpec(context, context.resolve("Containerfile"), Map.of()),
                Optional.of("localhost/envtest/it-healthy:1")), new HealthcheckWait(Duration.ofSeconds(30))).withFiles(List.of(dummyKubeconfig()))
                .withEnv(Map.of("KUBECONFIG", "/etc/test/kubeconfig"));
        ContainersStage.Started started = run(healthy);
        assertEquals(1, started.containers().size());
        assertTrue(infos.stream().anyMatch(i -> i.contains("container healthy ready") && i.contains("HEALTHCHECK reports healthy")), infos.toString());
        new EnvtestStop(Reporter.silent(), List.of(cleaner)).stop(work);

        session = SessionFile.create(work.resolve("session.json"), UUID.randomUUID().toString());
        ContainerSpec unhealthy = ContainerSpec.minimal("unhealthy", ImageSpec.build(new BuildSpec(context, context.resolve("Containerfile.failing"),
                Map.of()), Optional.of("localhost/envtest/it-unhealthy:1")), new HealthcheckWait(Duration.ofSeconds(3)))
                .withFiles(List.of(dummyKubeconfig())).withEnv(Map.of("KUBECONFIG", "/etc/test/kubeconfig"));
        String m = fails(unhealthy).getMessage();
        // Podman runs a check per attempt (retries reached: unhealthy); Docker runs them every second itself, so after
        // 3 s it may still say starting, but with the failed check's output
        String health = engine.podman() ? "unhealthy" : (m.contains("health starting") ? "starting" : "unhealthy");
        assertTrue(m.contains("was not ready within 3 s (waiting until the image's HEALTHCHECK reports healthy; last check: health " + health
                + ", last check said: error="), m);
    }

    @Test
    void anImageWithoutHealthcheckCannotUseTheHealthcheckWait() {
        String m = fails(ContainerSpec.minimal("caller", fixture("caller"), new HealthcheckWait(Duration.ofSeconds(20)))
                .withArgs(List.of("-url", "http://127.0.0.1:1/"))).getMessage();
        assertTrue(m.contains("cannot become ready: the image has no HEALTHCHECK"), m);
    }

    private static String fileIn(String containerId, String path) throws IOException {
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(10));
                var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(DockerClientImpl.getInstance(client.config(), client.http())
                        .copyArchiveFromContainerCmd(containerId, path).exec())) {
            tar.getNextEntry();
            return new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void hostsFileFirstForImagesWithoutNsswitchConfAndTheImagesOwnOtherwise() throws IOException {
        Path context = Files.createDirectories(work.resolve("ns"));
        Files.copy(fixtures.resolve("caller/caller"), context.resolve("caller"));
        Files.writeString(context.resolve("nsswitch.conf"), "hosts: dns files\n");
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\nCOPY caller /caller\nCOPY nsswitch.conf /etc/nsswitch.conf\n"
                + "ENTRYPOINT [\"/caller\"]\n");
        ContainersStage.Started started = run(
                ContainerSpec.minimal("plain", fixture("caller"), new RunningWait(Duration.ofSeconds(20))).withArgs(List.of("-url", "http://127.0.0.1:1/")),
                ContainerSpec.minimal("own", ImageSpec.build(new BuildSpec(context, context.resolve("Containerfile"), Map.of()),
                        Optional.of("localhost/envtest/it-own-nsswitch:1")), new RunningWait(Duration.ofSeconds(20))).withArgs(List.of("-url", "http://127.0.0.1:1/")));
        Map<String, String> ids = new HashMap<>();
        started.containers().forEach(c -> ids.put(c.name(), c.id()));
        assertEquals("hosts: files dns\n", fileIn(ids.get("plain"), "/etc/nsswitch.conf"),
                "a scratch image gets /etc/hosts before DNS, so the engine's host name never waits on the network's DNS server");
        assertEquals("hosts: dns files\n", fileIn(ids.get("own"), "/etc/nsswitch.conf"), "an image's own file is left alone");
    }

    /**
     * containers/netavark#833: a bridge whose address was never set takes the lowest of its ports', so without the pin
     * a container leaving moves the gateway under the others (each of five removals here, in turn, takes the port
     * that may hold the lowest). Podman's bridge (netavark 1.4 here) is pinned by the stage: rootful, the build runs as
     * root in CI; rootless, in its rootless network namespace. Docker's engine sets its own.
     */
    @Test
    void theNetworksBridgeKeepsItsMacAddressWhileContainersLeave() throws IOException, InterruptedException {
        assumeTrue(engine.mode() != dev.envtest.plugin.engine.EngineMode.PODMAN_ROOTFUL || "root".equals(System.getProperty("user.name")),
                "pinning rootful Podman's bridge takes CAP_NET_ADMIN: a build run as root (as in CI)");
        List<ContainerSpec> specs = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            specs.add(ContainerSpec.minimal("c" + i, fixture("caller"), new RunningWait(Duration.ofSeconds(20)))
                    .withArgs(List.of("-url", "http://127.0.0.1:1/")));
        }
        ContainersStage.Started started = run(specs.toArray(ContainerSpec[]::new));
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(10))) {
            DockerClient docker = DockerClientImpl.getInstance(client.config(), client.http());
            String gateway = docker.inspectNetworkCmd().withNetworkId(started.network()).exec().getIpam().getConfig().get(0).getGateway();
            List<String> before = bridgeState(started.network(), gateway);
            assertEquals(BridgeAddressPin.ADDRESS_SET, before.get(0),
                    "the bridge's address is set, not taken from its ports (" + engine.mode() + "); log: " + infos);
            List<String> seen = new ArrayList<>();
            for (RunningContainer c : started.containers().subList(0, 5)) {
                docker.removeContainerCmd(c.id()).withForce(true).exec();
                seen.add(bridgeState(started.network(), gateway).get(1));
            }
            assertEquals(java.util.Collections.nCopies(5, before.get(1)), seen, "the gateway's MAC address stays while containers leave");
        }
    }

    /**
     * The network's bridge's {@code addr_assign_type} and address, read where it lives: this host's {@code /sys}, or,
     * for rootless Podman, a sysfs mounted inside its rootless network namespace (podman unshare's own {@code /sys}
     * still shows the host's interfaces).
     */
    private static List<String> bridgeState(String network, String gateway) throws IOException, InterruptedException {
        if (engine.mode() == dev.envtest.plugin.engine.EngineMode.PODMAN_ROOTLESS_SLIRP4NETNS
                || engine.mode() == dev.envtest.plugin.engine.EngineMode.PODMAN_ROOTLESS_PASTA) {
            String bridge = command("podman", "network", "inspect", network, "--format", "{{.NetworkInterface}}").trim();
            String out = command("podman", "unshare", "--rootless-netns", "/bin/sh", "-c", "d=$(mktemp -d) && mount -t sysfs sysfs \"$d\""
                    + " && cat \"$d/class/net/$0/addr_assign_type\" \"$d/class/net/$0/address\"; umount \"$d\"; rmdir \"$d\"", bridge);
            return out.lines().filter(l -> l.matches("\\d+|\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")).toList();
        }
        java.net.NetworkInterface bridge = java.net.NetworkInterface.getByInetAddress(java.net.InetAddress.getByName(gateway));
        assertTrue(bridge != null, "the network's bridge (gateway " + gateway + ") is an interface of this host (" + engine.mode() + ")");
        Path device = Path.of("/sys/class/net", bridge.getName());
        return List.of(Files.readString(device.resolve("addr_assign_type")).trim(), Files.readString(device.resolve("address")).trim());
    }

    private static String command(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // a line or two: it fits the pipe, so the wait comes first and bounds the call
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = ended ? new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : "(no answer in 30 s)";
        assertTrue(ended && p.exitValue() == 0, String.join(" ", command) + ": " + out);
        return out;
    }

    @Test
    void theShutdownHookPathRemovesContainersAndNetwork() {
        ContainersStage.Started started = run(ContainerSpec.minimal("caller", fixture("caller"), new RunningWait(Duration.ofSeconds(20)))
                .withArgs(List.of("-url", "http://127.0.0.1:1/")).withPorts(List.of(8090)));
        assertEquals(1, started.containers().size());
        assertFalse(leftovers(work).isEmpty());
        // what ShutdownGuard runs: the in-memory session, a silent reporter, no file reading
        new EnvtestStop(Reporter.silent(), List.of(cleaner)).stopRecorded(session);
        assertEquals(List.of(), leftovers(work));
    }

    // ---- through EnvtestStart: a real control plane, identities, containers ----


    private RuntimeException startFails(IdentitiesRequest identities, ContainerSpec... specs) {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        session.delete();
        StartRequest request = StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT)
                .binaryDirectory(Optional.of(StoreBinaries.directory())).bindAddress("auto").containerHost("auto")
                .startupTimeout(Duration.ofSeconds(60)).dockerHost(Optional.of(SOCKET)).env(new HashMap<>(System.getenv()))
                .home(Path.of(System.getProperty("user.home"))).stopOnExit(true).identities(identities).build();
        EnvtestStart start = new EnvtestStart(reporter, List.of(cleaner)).withContainers(new ContainersStage(ContainerPlan.of(List.of(specs)), cleaner));
        RuntimeException e = assertThrows(RuntimeException.class, () -> start.start(request));
        List<String> children = ProcessHandle.current().descendants().map(h -> h.info().command().orElse(""))
                .filter(c -> c.endsWith("etcd") || c.endsWith("kube-apiserver")).toList();
        assertEquals(List.of(), children, "the control plane is stopped after the failed start");
        assertFalse(Files.exists(work.resolve("session.json")), "everything recorded was removed");
        assertEquals(List.of(), leftovers(work));
        return e;
    }

    @Test
    void aContainerThatNeverBecomesReadyFailsTheStartWithItsLogTailAndLeavesNothingRunning() {
        RuntimeException e = startFails(IdentitiesRequest.none(), ContainerSpec.minimal("caller", fixture("caller"),
                new LogWait(Pattern.compile("status=200"), 1, Duration.ofSeconds(4))).withArgs(List.of("-url", "http://127.0.0.1:1/")));
        assertTrue(e.getMessage().contains("container 'caller'") && e.getMessage().contains("was not ready within 4 s"), e.getMessage());
        assertTrue(e.getMessage().contains("| caller: calling http://127.0.0.1:1/"), e.getMessage());
    }

    @Test
    void anUnknownServiceAccountNamesTheProvisionedOnes() {
        ServiceAccountSpec sa = new ServiceAccountSpec("serviceAccounts[0]", "data-storage-sa", "default", List.of("system:auth-delegator"),
                List.of(), List.of(), List.of(), Duration.ofHours(1), List.of());
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(), Map.of(), List.of(sa), Duration.ofSeconds(30));
        RuntimeException e = startFails(identities, ContainerSpec.minimal("datastorage", fixture("datastorage"), new RunningWait(Duration.ofSeconds(5)))
                .withServiceAccount(new ServiceAccountRef("datastorage-sa", CredentialsMode.IN_CLUSTER, null)));
        assertEquals("container 'datastorage': serviceAccount 'datastorage-sa' is not a ServiceAccount this build provisions"
                + " (known: default/data-storage-sa). Fix: declare it among the plugin's serviceAccounts, or correct the name.", e.getMessage());
    }
}
