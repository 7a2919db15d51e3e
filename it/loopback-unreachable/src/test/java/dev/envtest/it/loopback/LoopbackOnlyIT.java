package dev.envtest.it.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import dev.envtest.it.support.OneShotContainer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The failure users hit before this plugin: an API server bound only to [::1] serves the host, but a container
 * on the engine's default network cannot connect to it at all.
 */
class LoopbackOnlyIT {

    private final Envtest envtest = Envtest.load();

    @Test
    void theHostReachesTheApiServerOnIpv6Loopback() throws Exception {
        assertEquals("::1", envtest.property("envtest.bindAddress"));
        assertTrue(envtest.property("envtest.url").startsWith("https://[0:0:0:0:0:0:0:1]:") || envtest.property("envtest.url").startsWith("https://[::1]:"),
                envtest.property("envtest.url"));
        Config config = Config.fromKubeconfig(Files.readString(envtest.kubeconfig()));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertTrue(client.namespaces().withName("default").get() != null);
        }
    }

    @Test
    void aBridgeContainerCannotConnect() {
        OneShotContainer.Result result = OneShotContainer.fromContext(Path.of(System.getProperty("fixtures.dir"), "probe"))
                // the name resolves as on any engine (Docker needs host-gateway), so what fails is the connection itself
                .addHost(envtest.containerAddHost().orElse(""))
                .labelWorkDirectory(envtest.property("envtest.workDirectory"))
                .file("/etc/envtest/ca.crt", envtest.ca())
                .file("/etc/envtest/admin.crt", Path.of(envtest.property("envtest.admin.certificate")))
                .file("/etc/envtest/admin.key", Path.of(envtest.property("envtest.admin.key")))
                .args("-url", envtest.property("envtest.container.url") + "/version", "-ca", "/etc/envtest/ca.crt",
                        "-cert", "/etc/envtest/admin.crt", "-key", "/etc/envtest/admin.key", "-timeout", "5s")
                .run(Duration.ofMinutes(1));

        assertEquals(2, result.exitCode(), "probe output:\n" + result.output());
        assertTrue(result.output().contains("error=connection refused") || result.output().contains("error=unreachable")
                || result.output().contains("error=timeout"), result.output());
    }
}
