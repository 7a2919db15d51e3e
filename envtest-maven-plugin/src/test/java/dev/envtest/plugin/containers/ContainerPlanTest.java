package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.containers.wait.HttpWait;
import dev.envtest.plugin.containers.wait.RunningWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad container configuration is reported before anything starts, every problem at once, each with its fix. */
class ContainerPlanTest {

    @TempDir
    Path dir;

    private static ContainerSpec pulled(String name) {
        return ContainerSpec.minimal(name, ImageSpec.pull("postgres:16", PullPolicy.MISSING), new RunningWait(Duration.ofSeconds(5)));
    }

    @Test
    void aValidPlanKeepsDeclarationOrderAndPublishesTheWaitsPort() {
        ContainerSpec app = ContainerSpec.minimal("app", ImageSpec.pull("app:1", PullPolicy.NEVER),
                new HttpWait(8081, "/healthz", 200, Duration.ofSeconds(5))).withPorts(List.of(8080)).withDependsOn(List.of("db"));
        ContainerPlan plan = ContainerPlan.of(List.of(app, pulled("db")));
        assertEquals(List.of("app", "db"), plan.containers().stream().map(ContainerSpec::name).toList());
        assertEquals(List.of("db", "app"), plan.order().startOrder());
        assertEquals(List.of(8080, 8081), ContainerPlan.publishedPorts(app));
    }

    @Test
    void aDependsOnCycleIsAConfigurationError() {
        ContainerException e = assertThrows(ContainerException.class, () -> ContainerPlan.of(List.of(
                pulled("a").withDependsOn(List.of("b")), pulled("b").withDependsOn(List.of("a")))));
        assertTrue(e.getMessage().contains("cycle: a -> b -> a"), e.getMessage());
    }

    @Test
    void aMissingFileToCopyNamesThePath() {
        Path missing = dir.resolve("config.yaml");
        ContainerException e = assertThrows(ContainerException.class, () -> ContainerPlan.of(List.of(
                pulled("app").withFiles(List.of(new FileCopy(missing, "/etc/app/config.yaml", OptionalInt.empty()))))));
        assertTrue(e.getMessage().contains("the file to copy " + missing + " does not exist"), e.getMessage());
    }

    @Test
    void everyProblemIsListedAtOnce() throws IOException {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        ContainerSpec noContainerfile = ContainerSpec.minimal("built", ImageSpec.build(
                new BuildSpec(context, context.resolve("Containerfile"), Map.of()), Optional.empty()), new RunningWait(Duration.ofSeconds(5)));
        ContainerException e = assertThrows(ContainerException.class, () -> ContainerPlan.of(List.of(
                pulled("Bad_Name"),
                pulled("dup"), pulled("dup"),
                noContainerfile,
                pulled("ports").withPorts(List.of(0, 70000)),
                pulled("files").withFiles(List.of(new FileCopy(context, "relative/path", OptionalInt.empty()))),
                pulled("alias").withAliases(List.of("dup")),
                ContainerSpec.minimal("noimage", new ImageSpec(Optional.empty(), PullPolicy.MISSING, Optional.empty()),
                        new RunningWait(Duration.ofSeconds(5))),
                pulled("env").withEnv(Map.of("A=B", "x")),
                pulled("sa").withServiceAccount(new ServiceAccountRef(" ", CredentialsMode.IN_CLUSTER, null)))));
        String m = e.getMessage();
        assertTrue(m.startsWith("the containers' configuration has 10 problems:"), m);
        assertTrue(m.contains("container name 'Bad_Name' is not a DNS label"), m);
        assertTrue(m.contains("two containers are named 'dup'"), m);
        assertTrue(m.contains("the Containerfile " + context.resolve("Containerfile") + " does not exist"), m);
        assertTrue(m.contains("port 0 is not a TCP port") && m.contains("port 70000 is not a TCP port"), m);
        assertTrue(m.contains("the target path 'relative/path' is not absolute"), m);
        assertTrue(m.contains("alias 'dup' is already the name or an alias of 'dup'"), m);
        assertTrue(m.contains("container 'noimage': no image"), m);
        assertTrue(m.contains("environment variable name 'A=B'"), m);
        assertTrue(m.contains("serviceAccount is empty"), m);
    }

    @Test
    void aContainerfileOutsideTheContextIsRejected() throws IOException {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Path outside = Files.writeString(dir.resolve("Containerfile"), "FROM scratch\n");
        ContainerException e = assertThrows(ContainerException.class, () -> ContainerPlan.of(List.of(ContainerSpec.minimal("x",
                ImageSpec.build(new BuildSpec(context, outside, Map.of()), Optional.empty()), new RunningWait(Duration.ofSeconds(1))))));
        assertTrue(e.getMessage().contains("is outside the context directory"), e.getMessage());
    }

    @Test
    void aMissingContextDirectorySaysWhereItWasLookedFor() {
        Path context = dir.resolve("target/fixtures/datastorage");
        ContainerException e = assertThrows(ContainerException.class, () -> ContainerPlan.of(List.of(ContainerSpec.minimal("x",
                ImageSpec.build(new BuildSpec(context, context.resolve("Containerfile"), Map.of()), Optional.empty()),
                new RunningWait(Duration.ofSeconds(1))))));
        assertTrue(e.getMessage().contains("the build context directory " + context + " does not exist"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void anInvalidImageReferenceIsRefusedBeforeAnythingStarts() {
        ContainerException e = org.junit.jupiter.api.Assertions.assertThrows(ContainerException.class, () -> ContainerPlan.of(List.of(
                ContainerSpec.minimal("web", ImageSpec.pull("UPPER:://bad", PullPolicy.MISSING), new RunningWait(Duration.ofSeconds(5))))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("container 'web': image 'UPPER:://bad' is not a valid image reference"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
        for (String good : List.of("postgres:16", "localhost/envtest/app:abc", "registry.example.com:5000/team/svc:1.2",
                "docker.io/library/redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "[::1]:5000/x")) {
            ContainerPlan.of(List.of(ContainerSpec.minimal("ok", ImageSpec.pull(good, PullPolicy.MISSING), new RunningWait(Duration.ofSeconds(5)))));
        }
    }
}
