package dev.envtest.it.foundation;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.junit.Envtest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * What the build log says when the plugin chooses {@code 0.0.0.0} is true: kube-apiserver's wildcard listener takes IPv6
 * as well as IPv4, so the host reaches it on {@code [::1]} too (with TLS verified: {@code ::1} is a SAN of every
 * serving certificate).
 */
class WildcardListenerIT {

    private final Envtest envtest = Envtest.load();

    @Test
    void theWildcardBindAddressAnswersOnIpv6LoopbackAsTheLogSays() throws Exception {
        assumeTrue(envtest.property("envtest.bindAddress").equals("0.0.0.0"), "the engine mode chose a loopback address");
        Config config = Config.fromKubeconfig(Files.readString(envtest.kubeconfig()));
        config.setMasterUrl("https://[::1]:" + envtest.property("envtest.port"));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertNotNull(client.namespaces().withName("default").get(), "https://[::1]:" + envtest.property("envtest.port"));
        }
    }
}
