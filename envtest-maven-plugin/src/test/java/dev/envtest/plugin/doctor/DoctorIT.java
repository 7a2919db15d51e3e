package dev.envtest.plugin.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.containers.BuildSpec;
import dev.envtest.plugin.containers.ImageSpec;
import dev.envtest.plugin.containers.ProbeContainer;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.session.RecordingReporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor on this machine, against the real engine (rootful Podman from .ci/setup) and the installed binaries: the
 * choice explained, and a FROM-scratch probe container (it/fixtures' probe, in-cluster mode) reaching the throw-away
 * TLS listener with TLS verified; then a dockerHost that does not answer and a taken port.
 */
class DoctorIT {

    private static final String SOCKET = "unix:///run/podman/podman.sock";
    private static Path fixtures;

    @TempDir
    Path dir;

    private final RecordingReporter reporter = new RecordingReporter();
    private final List<String> log = reporter.lines();

    @BeforeAll
    static void engineAndFixtures() throws IOException, InterruptedException {
        assumeTrue(Files.exists(Path.of("/run/podman/podman.sock")), "the Podman API socket (.ci/setup) is needed");
        fixtures = Path.of("target/it-fixtures").toAbsolutePath();
        Process build = new ProcessBuilder("bash", Path.of("../it/fixtures/build.sh").toAbsolutePath().normalize().toString(),
                fixtures.toString()).inheritIO().start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES) && build.exitValue() == 0, "it/fixtures/build.sh failed");
    }

    @AfterEach
    void nothingOfTheDoctorIsLeft() {
        assertEquals(List.of(), doctorLeftovers(), "the probe's container and network are removed");
    }

    private StartRequest.Builder request() {
        return StartRequest.builder(dir.resolve("envtest")).env(System.getenv()).home(Path.of(System.getProperty("user.home")))
                .binarySources(BinarySources.installedOnly());
    }

    private static ProbeRequest probe(List<String> args) {
        Path context = fixtures.resolve("probe");
        return new ProbeRequest(ImageSpec.build(new BuildSpec(context, context.resolve("Containerfile"), Map.of()),
                Optional.of("localhost/envtest/doctor-probe:it")), args, Duration.ofSeconds(60));
    }

    @Test
    void onThisMachineTheChoiceIsExplainedAndAContainerConnectsBackWithTlsVerified() {
        Diagnosis d = new Doctor(reporter).examine(request().build(), Optional.of(probe(List.of("-in-cluster"))), "Maven IT");
        List<String> all = new ArrayList<>();
        d.findings().forEach(f -> all.addAll(f.render()));
        String text = String.join("\n", all);
        assertFalse(d.failed(), text);
        assertTrue(text.contains("[ok]   engine: Podman "), text);
        assertTrue(text.contains("mode PODMAN_ROOTFUL"), text);
        assertTrue(text.contains("tried rootful Podman socket " + SOCKET + ": answered")
                || text.contains("tried DOCKER_HOST " + SOCKET + ": answered"), text);
        assertTrue(text.contains("[ok]   host access: bind 0.0.0.0 (auto), containers dial host.containers.internal (auto)"), text);
        assertTrue(text.contains("why: rootful Podman"), text);
        assertTrue(text.contains("DNS:host.containers.internal"), text);
        assertTrue(text.matches("(?s).*\\[ok\\]   bind: 0\\.0\\.0\\.0:\\d+ can be bound now.*"), text);
        assertTrue(text.contains("[ok]   binaries: kube-apiserver "), text);
        assertTrue(text.contains("Kubernetes v"), text);
        assertTrue(text.contains("[ok]   container probe: a container reached the API server's address over verified TLS"), text);
        assertTrue(text.contains("TLS handshake completed, GET /version with the probe's token"), text);
        assertTrue(text.contains("the container exited with code 0"), text);
        String probeLog = read(dir.resolve("envtest/logs/doctor-probe.log"));
        assertTrue(probeLog.contains("status=200"), probeLog);
    }

    @Test
    void aDockerHostThatDoesNotAnswerFailsAndListsTheSocketsTried() {
        Diagnosis d = new Doctor(reporter).examine(request().dockerHost(Optional.of("unix:///nonexistent.sock")).build(),
                Optional.empty(), "Maven IT");
        Finding engine = d.finding("engine");
        String text = String.join("\n", engine.lines());
        assertTrue(engine.failed(), text);
        assertTrue(text.contains("tried dockerHost parameter unix:///nonexistent.sock: no such socket"), text);
        assertTrue(text.contains("the dockerHost you set (unix:///nonexistent.sock) did not answer"), text);
        assertTrue(text.contains("Fix: correct -Denvtest.dockerHost"), text);
    }

    @Test
    void aTakenPortFailsAndTheProbeIsNotRun() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            Diagnosis d = new Doctor(reporter).examine(request().apiServerPort(port).build(), Optional.of(probe(List.of("-in-cluster"))),
                    "Maven IT");
            Finding bind = d.finding("bind");
            assertTrue(bind.failed());
            assertTrue(bind.lines().get(0).startsWith("port " + port + " on 0.0.0.0 is already in use"), bind.lines().toString());
            assertTrue(d.finding("container probe").failed());
            assertEquals(List.of("bind", "container probe"), d.failures().stream().map(Finding::topic).toList());
        }
    }

    @Test
    void aContainerThatGetsNoAnswerIsReportedWithItsOwnWords() {
        // the probe dials a port where nothing listens: the listener saw nothing, the container says why
        Diagnosis d = new Doctor(reporter).examine(request().build(), Optional.of(probe(List.of("-url",
                "https://${envtest.doctor.host}:1/version", "-ca", "${envtest.doctor.ca}", "-timeout", "5s"))), "Maven IT");
        Finding probe = d.finding("container probe");
        String text = String.join("\n", probe.lines());
        assertTrue(probe.failed(), text);
        assertTrue(text.contains("no connection arrived"), text);
        assertTrue(text.contains("the container exited with code 2"), text);
        assertTrue(text.contains("| error=connection refused"), text);
        assertTrue(text.contains("Fix: nothing reached the listener"), text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + ": " + e.getMessage() + ")";
        }
    }

    static List<String> doctorLeftovers() {
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(10))) {
            DockerClient docker = DockerClientImpl.getInstance(client.config(), client.http());
            List<String> left = new ArrayList<>();
            docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(ProbeContainer.LABEL_DOCTOR)).exec()
                    .forEach(c -> left.add("container " + String.join(",", c.getNames())));
            docker.listNetworksCmd().withFilter("label", List.of(ProbeContainer.LABEL_DOCTOR)).exec()
                    .forEach(n -> left.add("network " + n.getName()));
            return left;
        }
    }
}
