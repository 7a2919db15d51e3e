package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.envtest.plugin.session.Reporter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineDiscoveryTest {

    private static PodmanCli cli(String remote, String machine) {
        return new PodmanCli() {
            public Optional<String> remoteSocket() {
                return Optional.ofNullable(remote);
            }

            public Optional<String> machineSocket() {
                return Optional.ofNullable(machine);
            }
        };
    }

    @Test
    void candidatesFollowTheDocumentedOrder() {
        EngineDiscovery discovery = new EngineDiscovery(Optional.of("tcp://configured:2375"),
                Map.of("DOCKER_HOST", "unix:///docker-host.sock", "CONTAINER_HOST", "unix:///container-host.sock",
                        "XDG_RUNTIME_DIR", "/run/user/1000"),
                "darwin", host -> { throw new AssertionError("not dialled"); }, cli("unix:///cli.sock", "unix:///machine.sock"), Reporter.silent());
        List<String> sources = discovery.candidates().stream().map(EngineDiscovery.Candidate::source).toList();
        assertEquals(List.of("dockerHost parameter", "DOCKER_HOST", "CONTAINER_HOST", "rootful Podman socket",
                "rootless Podman socket", "Docker socket"), sources);
        assertEquals("unix:///run/user/1000/podman/podman.sock", discovery.candidates().get(4).dockerHost());
        assertEquals(List.of("unix:///cli.sock", "unix:///machine.sock"),
                discovery.cliCandidates().stream().map(EngineDiscovery.Candidate::dockerHost).toList());
    }

    /** A PodmanCli whose service-socket question fails the test: on Linux its answer is known without it. */
    private static PodmanCli cliNotToBeAskedForItsSocket(List<String> asked) {
        return new PodmanCli() {
            public Optional<String> remoteSocket() {
                asked.add("podman info");
                return Optional.of("unix:///cli.sock");
            }

            public Optional<String> machineSocket() {
                asked.add("podman machine inspect");
                return Optional.empty();
            }
        };
    }

    @Test
    void onLinuxRootIsNotAskedPodmanInfoWhichCouldOnlyNameTheRootfulSocketNorForAMachine() {
        List<String> asked = new ArrayList<>();
        EngineDiscovery discovery = new EngineDiscovery(Optional.empty(), Map.of(), "linux",
                host -> { throw new IllegalStateException("refused"); }, cliNotToBeAskedForItsSocket(asked), Reporter.silent(), OptionalLong.of(0));
        assertTrue(discovery.candidates().stream().anyMatch(c -> c.dockerHost().equals("unix:///run/podman/podman.sock")));
        assertTrue(discovery.candidates().stream().noneMatch(c -> c.source().equals("rootless Podman socket")), "root has no rootless socket");
        assertEquals(List.of(), discovery.cliCandidates());
        assertEquals(List.of(), asked, "Podman refuses machine commands as root on Linux, too");
    }

    @Test
    void onLinuxAUserWithXdgRuntimeDirIsNotAskedPodmanInfoWhichCouldOnlyNameTheSocketUnderIt() {
        List<String> asked = new ArrayList<>();
        EngineDiscovery discovery = new EngineDiscovery(Optional.empty(), Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "linux",
                host -> { throw new IllegalStateException("refused"); }, cliNotToBeAskedForItsSocket(asked), Reporter.silent(), OptionalLong.of(1000));
        assertTrue(discovery.candidates().stream().anyMatch(c -> c.dockerHost().equals("unix:///run/user/1000/podman/podman.sock")));
        discovery.discover();
        assertEquals(List.of("podman machine inspect"), asked);
    }

    @Test
    void onLinuxAUserWithoutXdgRuntimeDirTriesTheLoginRuntimeDirectoryAndStillAsksPodmanInfo() {
        List<String> asked = new ArrayList<>();
        EngineDiscovery discovery = new EngineDiscovery(Optional.empty(), Map.of(), "linux",
                host -> { throw new IllegalStateException("refused"); }, cliNotToBeAskedForItsSocket(asked), Reporter.silent(), OptionalLong.of(1000));
        List<EngineDiscovery.Candidate> candidates = discovery.candidates();
        assertEquals(new EngineDiscovery.Candidate("rootless Podman socket", "unix:///run/user/1000/podman/podman.sock"), candidates.get(1));
        // Podman may fall back to a directory under the temporary one then: only it knows
        assertEquals(List.of("unix:///cli.sock"), discovery.cliCandidates().stream().map(EngineDiscovery.Candidate::dockerHost).toList());
        assertEquals(List.of("podman info", "podman machine inspect"), asked);
    }

    @Test
    void onLinuxWithTheUidUnknownPodmanInfoIsAsked() {
        List<String> asked = new ArrayList<>();
        EngineDiscovery discovery = new EngineDiscovery(Optional.empty(), Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "linux",
                host -> { throw new IllegalStateException("refused"); }, cliNotToBeAskedForItsSocket(asked), Reporter.silent(), OptionalLong.empty());
        discovery.cliCandidates();
        assertEquals(List.of("podman info", "podman machine inspect"), asked);
    }

    @Test
    void theFirstEngineThatAnswersWinsAndEarlierFailuresAreListed() {
        List<String> dialled = new ArrayList<>();
        EngineClientFactory factory = host -> {
            dialled.add(host);
            if (!host.equals("tcp://127.0.0.1:1")) {
                // this machine's own sockets (rootful Podman on CI) must not decide the outcome of this test
                throw new IllegalStateException("connection refused");
            }
            return new EngineClient(host, java.time.Duration.ofSeconds(1));
        };
        // The second candidate is a real client to a port where nothing listens: it is dialled and fails.
        EngineDiscovery discovery = new EngineDiscovery(Optional.empty(), Map.of("CONTAINER_HOST", "tcp://down:1", "DOCKER_HOST",
                "tcp://127.0.0.1:1"), "linux", factory, PodmanCli.absent(), Reporter.silent());
        EngineDiscovery.Result result = discovery.discover();
        assertEquals("tcp://127.0.0.1:1", dialled.get(0));
        assertEquals("tcp://down:1", dialled.get(1));
        assertFalse(result.engine().available(), "nothing listens on 127.0.0.1:1");
        assertTrue(result.attempts().get(1).contains("CONTAINER_HOST tcp://down:1: connection refused"), result.attempts().toString());
        String explanation = result.explainNone();
        assertTrue(explanation.contains("podman system service --time=0"), explanation);
        assertTrue(explanation.contains("DOCKER_HOST"), explanation);
    }

    @Test
    void missingUnixSocketsAreNotDialled() {
        List<String> dialled = new ArrayList<>();
        EngineDiscovery discovery = new EngineDiscovery(Optional.empty(), Map.of("DOCKER_HOST", "unix:///nonexistent/dir/podman.sock"), "linux",
                host -> { dialled.add(host); throw new IllegalStateException("no"); }, PodmanCli.absent(), Reporter.silent());
        EngineDiscovery.Result result = discovery.discover();
        assertFalse(dialled.contains("unix:///nonexistent/dir/podman.sock"));
        assertTrue(result.attempts().get(0).endsWith("no such socket"), result.attempts().toString());
    }

    @Test
    void aSocketThisUserMayNotUseIsSkippedAtDebugWithoutDialling(@TempDir Path dir) throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "root may write every socket: this case runs in the rootless lane of .ci/run");
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("r--------"));
            List<String> dialled = new ArrayList<>();
            List<String> debug = new ArrayList<>();
            EngineDiscovery discovery = new EngineDiscovery(Optional.of("unix://" + socket), Map.of(), "linux",
                    host -> { dialled.add(host); throw new IllegalStateException("dialled"); }, PodmanCli.absent(), new Reporter() {
                        public void info(String message) {
                            throw new AssertionError("nothing at INFO: " + message);
                        }

                        public void warn(String message) {
                            throw new AssertionError("nothing at WARN: " + message);
                        }

                        public void debug(String message) {
                            debug.add(message);
                        }
                    });
            EngineDiscovery.Result result = discovery.discover();
            assertFalse(dialled.contains("unix://" + socket), "a socket this user may not write is never dialled");
            assertTrue(result.attempts().get(0).contains("permission denied on " + socket), result.attempts().toString());
            assertTrue(debug.stream().anyMatch(m -> m.contains("permission denied on " + socket) && m.endsWith(", skipped")), debug.toString());
        }
    }

    @Test
    void aDockerHostParameterThatDoesNotAnswerIsAnErrorNotAFallback() {
        List<String> dialled = new ArrayList<>();
        EngineDiscovery discovery = new EngineDiscovery(Optional.of("tcp://down:1"), Map.of("DOCKER_HOST", "tcp://other:2"), "linux",
                host -> { dialled.add(host); throw new IllegalStateException("connection refused"); }, PodmanCli.absent(), Reporter.silent());
        EngineDiscovery.Result result = discovery.discover();
        assertEquals(List.of("tcp://down:1"), dialled, "no other engine is tried");
        assertFalse(result.engine().available());
        String m = EngineDiscovery.configuredDidNotAnswer("tcp://down:1", result.attempts());
        assertTrue(m.contains("the container engine at dockerHost tcp://down:1 did not answer"), m);
        assertTrue(m.contains("connection refused") && m.contains("Fix:"), m);
    }
}
