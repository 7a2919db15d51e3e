package dev.envtest.it.webhooks;

import dev.envtest.it.support.EnvtestProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** fabric8 clients for the admin and for the ServiceAccount {@code writer}, from what start exported. */
final class Clients {

    static final EnvtestProperties envtest = EnvtestProperties.load();

    private Clients() {
    }

    static KubernetesClient admin() {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(envtest.path("envtest.kubeconfig"))))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As ServiceAccount default/writer (an own ClusterRole for ConfigMaps), with its TokenRequest token, TLS verified against envtest.ca. */
    static KubernetesClient writer() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(envtest.get("envtest.url"))
                .withCaCertFile(envtest.get("envtest.ca"))
                .withOauthToken(envtest.get("envtest.sa.writer.token"))
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
