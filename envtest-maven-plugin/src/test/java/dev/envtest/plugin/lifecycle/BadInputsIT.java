package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.containers.ContainerCleaner;
import dev.envtest.plugin.containers.ContainerPlan;
import dev.envtest.plugin.containers.ContainerSpec;
import dev.envtest.plugin.containers.ContainersStage;
import dev.envtest.plugin.containers.CredentialsMode;
import dev.envtest.plugin.containers.ImageSpec;
import dev.envtest.plugin.containers.PullPolicy;
import dev.envtest.plugin.containers.ServiceAccountRef;
import dev.envtest.plugin.containers.wait.RunningWait;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.session.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that used to be silently wrong, or failed late with a message naming neither cause nor fix (issue 11): each
 * now fails with both, and — checked after every test — leaves no etcd, kube-apiserver or supervisor running and no
 * session file.
 */
class BadInputsIT {

    @TempDir
    Path temp;

    private final Map<String, String> env = new HashMap<>(System.getenv());

    private Path work() {
        return temp.resolve("envtest");
    }

    private StartRequest.Builder builder() {
        env.put("XDG_STATE_HOME", temp.resolve("state").toString());
        return StartRequest.builder(work()).kubernetesVersion(KubernetesVersion.DEFAULT).bindAddress("127.0.0.1").containerHost("auto")
                .startupTimeout(Duration.ofSeconds(60)).env(env).home(Path.of(System.getProperty("user.home"))).stopOnExit(true);
    }

    private String startFails(StartRequest request, EnvtestStart start) {
        return assertThrows(RuntimeException.class, () -> start.start(request)).getMessage();
    }

    private String startFails(StartRequest request) {
        return startFails(request, new EnvtestStart(Reporter.silent(), List.of()));
    }

    private static void namesCauseAndFix(String message, String cause) {
        assertTrue(message.contains(cause), "the cause: " + message);
        assertTrue(message.contains("Fix:"), "the fix: " + message);
    }

    @AfterEach
    void nothingIsLeftRunning() {
        List<String> children = ProcessHandle.current().descendants()
                .map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains("etcd") || c.contains("kube-apiserver") || c.contains("envtest-supervisor"))
                .toList();
        assertEquals(List.of(), children, "nothing may survive a refused start");
        assertFalse(Files.exists(work().resolve("session.json")), "no session is left");
    }

    @Test
    void etcdPortEqualToApiServerPort() {
        String m = startFails(builder().apiServerPort(23456).etcdPort(23456).build());
        namesCauseAndFix(m, "apiServerPort and etcdPort are both 23456");
    }

    @Test
    void binaryDirectoryThatDoesNotExist() {
        String m = startFails(builder().binaryDirectory(Optional.of(temp.resolve("no-such-dir"))).build());
        namesCauseAndFix(m, "binaryDirectory " + temp.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void urlAsContainerHost() {
        String m = startFails(builder().containerHost("https://x:1").build());
        namesCauseAndFix(m, "containerHost 'https://x:1' is not a host name or IP address");
    }

    @Test
    void dockerHostWithAnUnknownScheme() {
        String m = startFails(builder().dockerHost(Optional.of("garbage://x")).build());
        namesCauseAndFix(m, "dockerHost 'garbage://x' is not an engine address");
    }

    @Test
    void dockerHostThatDoesNotAnswerIsNotReplacedByAnother() {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        // auto placement asks the engine: the named one, and no other
        String m = startFails(builder().bindAddress("auto").dockerHost(Optional.of("unix:///nonexistent.sock")).build());
        namesCauseAndFix(m, "the container engine at dockerHost unix:///nonexistent.sock did not answer");
    }

    @Test
    void workDirectoryThatCannotBeWritten() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Path inside = file.resolve("envtest");
        StartRequest request = StartRequest.builder(inside).kubernetesVersion(KubernetesVersion.DEFAULT).bindAddress("127.0.0.1")
                .env(env).home(Path.of(System.getProperty("user.home"))).stopOnExit(true).build();
        String m = startFails(request);
        namesCauseAndFix(m, "workDirectory " + inside + " is not writable");
    }

    @Test
    void manifestThatIsAFifo() throws Exception {
        Path fifo = temp.resolve("manifest.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo");
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(fifo), Map.of(), List.of(), Duration.ofSeconds(60));
        String m = startFails(builder().identities(identities).build());
        namesCauseAndFix(m, fifo + " is neither a regular file nor a directory");
    }

    @Test
    void containerServiceAccountThatIsNotDeclared() {
        ContainerSpec spec = ContainerSpec.minimal("app", ImageSpec.pull("app:1", PullPolicy.NEVER), new RunningWait(Duration.ofSeconds(5)))
                .withServiceAccount(new ServiceAccountRef("undeclared-sa", CredentialsMode.IN_CLUSTER, null));
        ContainerCleaner cleaner = new ContainerCleaner();
        EnvtestStart start = new EnvtestStart(Reporter.silent(), List.of(cleaner))
                .withContainers(new ContainersStage(ContainerPlan.of(List.of(spec)), cleaner));
        String m = startFails(builder().build(), start);
        namesCauseAndFix(m, "container 'app': serviceAccount 'undeclared-sa' is not a ServiceAccount this build provisions");
    }

    @Test
    void loopbackBindAddressWithContainersOnAnEngineThatCannotReachIt() {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        assumeTrue(Files.exists(Path.of("/run/podman/podman.sock")), "rootful Podman is set up by .ci/setup");
        ContainerSpec spec = ContainerSpec.minimal("app", ImageSpec.pull("localhost/envtest-never-pulled:1", PullPolicy.NEVER),
                new RunningWait(Duration.ofSeconds(5)));
        ContainerCleaner cleaner = new ContainerCleaner();
        EnvtestStart start = new EnvtestStart(Reporter.silent(), List.of(cleaner))
                .withContainers(new ContainersStage(ContainerPlan.of(List.of(spec)), cleaner));
        String m = startFails(builder().bindAddress("127.0.0.1").dockerHost(Optional.of("unix:///run/podman/podman.sock")).build(), start);
        namesCauseAndFix(m, "bindAddress 127.0.0.1 is loopback, but the containers of Podman rootful (bridge) cannot reach");
    }
}
