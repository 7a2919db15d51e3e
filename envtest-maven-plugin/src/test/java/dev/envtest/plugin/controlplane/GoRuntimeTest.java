package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go runtime settings etcd and kube-apiserver get: a default where the build sets none, the build's own otherwise. */
class GoRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void anEnvironmentWithoutGogcGetsTheDefault() {
        assertEquals(Map.of("GOGC", "400"), GoRuntime.defaultsMissingFrom(Map.of("PATH", "/usr/bin")));
    }

    @Test
    void anEnvironmentThatSetsGogcKeepsItsOwnEvenAnEmptyOne() {
        assertEquals(Map.of(), GoRuntime.defaultsMissingFrom(Map.of("GOGC", "50")));
        assertEquals(Map.of(), GoRuntime.defaultsMissingFrom(Map.of("GOGC", "")), "an empty GOGC is Go's default, chosen by the build");
    }

    @Test
    void aLaunchedProcessSeesTheDefaultAndThisBuildsMark() throws Exception {
        assumeFalse(System.getenv().containsKey("GOGC"), "this JVM's environment sets GOGC itself");
        Path log = dir.resolve("env.log");
        ManagedProcess shell = ManagedProcess.start("env", List.of("sh", "-c", "echo \"GOGC=$GOGC session=$" + ManagedProcess.SESSION_ENV + "\""),
                dir, log, ControlPlane.childEnvironment("session-1"));
        shell.handle().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        shell.stop(Duration.ZERO);
        assertEquals("GOGC=400 session=session-1", Files.readString(log, StandardCharsets.UTF_8).strip());
    }
}
