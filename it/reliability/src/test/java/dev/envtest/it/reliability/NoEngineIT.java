package dev.envtest.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nested builds on a machine where no container engine answers (Podman installed, its service stopped; Docker's socket
 * left by a stopped daemon), made by a mount namespace per build ({@link NestedBuild#withoutEngine()}): a pom
 * without containers starts envtest on loopback and says why, and one with a container fails naming the missing engine
 * and the fix, leaving nothing running.
 */
class NoEngineIT {

    @BeforeAll
    static void rootOnly() {
        // a mount namespace of its own needs root; the main CI lane runs as root
        assumeTrue("root".equals(System.getProperty("user.name")), "mount namespaces need root");
    }

    @Test
    void aPomWithoutContainersStartsOnLoopbackSayingNoEngineAnsweredAndStops() throws Exception {
        NestedBuild build = NestedBuild.of("no-engine-start", Path.of(System.getProperty("no-containers.pom"))).withoutEngine();
        Path work = build.workDirectory();
        try {
            String output = build.run("dev.envtest:envtest-maven-plugin:" + System.getProperty("envtest.version") + ":start");
            assertTrue(output.contains("[WARNING] No container engine answered. Tried:"), output);
            assertTrue(output.contains("rootful Podman socket unix:///run/podman/podman.sock: no such socket"), output);
            if (Files.exists(Path.of("/var/run/docker.sock"))) {
                // refused at once, without docker-java's client asking again
                assertTrue(output.contains("Docker socket unix:///var/run/docker.sock: nothing accepts connections on /var/run/docker.sock"),
                        output);
            }
            assertFalse(output.contains("podman info remoteSocket"), "as root, podman info could only name a socket already tried");
            assertTrue(output.contains("Continuing: the API server listens on loopback for host-side clients."), output);

            Properties exported = build.exported();
            assertEquals("NONE", exported.getProperty("envtest.engine"));
            assertEquals("127.0.0.1", exported.getProperty("envtest.bindAddress"));
            assertTrue(exported.getProperty("envtest.url").startsWith("https://127.0.0.1:"), exported.getProperty("envtest.url"));
            // the admin kubeconfig reaches it, TLS verified, and the ServiceAccount is there
            Path kubectl = Path.of(exported.getProperty("envtest.binaries")).resolve("kubectl");
            Process get = new ProcessBuilder(kubectl.toString(), "--kubeconfig", exported.getProperty("envtest.kubeconfig"),
                    "get", "serviceaccount", "data-storage-sa", "--namespace", "default", "--output", "name")
                    .redirectErrorStream(true).start();
            String answer = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(get.waitFor(60, TimeUnit.SECONDS));
            assertEquals("serviceaccount/data-storage-sa", answer);
        } finally {
            build.run("dev.envtest:envtest-maven-plugin:" + System.getProperty("envtest.version") + ":stop");
        }
        assertEquals(List.of(), BuildLeftovers.processes(work), "stop ended etcd and kube-apiserver");
    }

    @Test
    void aPomWithAContainerFailsNamingTheMissingEngineAndTheFixAndLeavesNothingRunning() throws Exception {
        NestedBuild build = NestedBuild.of("no-engine-container").withoutEngine();
        Process verify = build.start("verify");
        assertTrue(verify.waitFor(10, TimeUnit.MINUTES), "the nested build ended");
        String output = Files.readString(build.log);
        assertNotEquals(0, verify.exitValue(), output);
        assertTrue(output.contains("containers are configured, but no container engine answered. Fix: start the Podman API service"),
                output);
        assertTrue(output.contains("BUILD FAILURE"), output);
        assertEquals(List.of(), BuildLeftovers.processes(build.workDirectory()), "the failed start stopped what it had launched");
    }
}
