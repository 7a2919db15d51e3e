package dev.envtest.plugin.cluster;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.identities.AdminClient;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.identities.ObjectOwnership;
import dev.envtest.plugin.lifecycle.EnvtestStart;
import dev.envtest.plugin.lifecycle.EnvtestStop;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.lifecycle.StartedEnvtest;
import dev.envtest.plugin.session.Reporter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that dies before {@code stop} (SIGTERM: CI cancels, Ctrl-C): its shutdown hook deletes the objects it created in
 * the existing cluster. A real start with {@code cluster=existing} in a second JVM, terminated.
 */
class ExistingClusterShutdownIT {

    @TempDir
    Path clusterWork;

    @TempDir
    Path work;

    /** The second JVM: {@code cluster=existing} in {@code args[0]} with the kubeconfig {@code args[1]} and manifest {@code args[2]}. */
    public static void main(String[] args) throws Exception {
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(Path.of(args[2])), Map.of(), List.of(),
                Duration.ofSeconds(30));
        new EnvtestStart(Reporter.silent(), List.of(new ClusterObjectCleaner())).start(StartRequest.builder(Path.of(args[0]))
                .cluster("existing").existingKubeconfig(Optional.of(args[1])).env(Map.of()).home(Path.of(args[0]))
                .stopOnExit(true).identities(identities).build());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void terminatingTheJvmDeletesWhatItCreated() throws Exception {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        StartedEnvtest cluster = new EnvtestStart(Reporter.silent(), List.of()).start(StartRequest.builder(clusterWork)
                .kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(Optional.of(StoreBinaries.directory()))
                .bindAddress("127.0.0.1").containerHost("localhost").env(Map.of()).stopOnExit(true).build());
        Path manifest = Files.writeString(clusterWork.resolve("objects.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: hook-deletes-me
                  namespace: default
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ExistingClusterShutdownIT.class.getName(),
                work.toString(), cluster.properties().get("envtest.kubeconfig"), manifest.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
                KubernetesClient admin = AdminClient.connect(cluster.controlPlane())) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                seen.append(line).append('\n');
            }
            assertEquals("READY", line, "the second JVM did not start:\n" + seen);
            assertTrue(admin.configMaps().inNamespace("default").withName("hook-deletes-me").get().getMetadata().getLabels()
                    .containsKey(ObjectOwnership.LABEL));

            jvm.toHandle().destroy(); // SIGTERM: shutdown hooks run
            assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM exits");
            StringBuilder rest = new StringBuilder();
            while ((line = out.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertNull(admin.configMaps().inNamespace("default").withName("hook-deletes-me").get(), "deleted by the hook: " + rest);
            assertTrue(rest.toString().contains("1 Kubernetes object (default/ConfigMap/hook-deletes-me)"), "the hook says so: " + rest);
            assertFalse(Files.exists(work.resolve("session.json")), "a run the hook ended leaves no record");
        } finally {
            jvm.destroyForcibly();
            new EnvtestStop(Reporter.silent(), List.of(new ClusterObjectCleaner())).stop(work);
            new EnvtestStop(Reporter.silent(), List.of()).stop(clusterWork);
        }
    }
}
