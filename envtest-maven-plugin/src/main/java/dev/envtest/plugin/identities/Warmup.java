package dev.envtest.plugin.identities;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;

/**
 * Loads the Kubernetes client's classes (client, HTTP layer, model, serialization) on a background daemon thread while
 * the control plane boots, so that the identities phase, which runs after it, does not pay for class loading. It
 * makes no network call and changes nothing; if it fails, the identities phase simply loads the classes itself.
 */
final class Warmup {

    private Warmup() {
    }

    static void start() {
        Thread thread = new Thread(Warmup::run, "envtest-identities-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void run() {
        try {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientFactory(new ShutdownOnCloseHttpClientFactory()).build()) {
                var serialization = client.getKubernetesSerialization();
                serialization.convertValue(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "w")),
                        GenericKubernetesResource.class);
                serialization.asJson(new ServiceAccountBuilder().withNewMetadata().withName("w").endMetadata().build());
                serialization.asJson(new ClusterRoleBindingBuilder().withNewMetadata().withName("w").endMetadata().build());
                serialization.asJson(new RoleBuilder().withNewMetadata().withName("w").endMetadata().build());
                serialization.asJson(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build());
                client.genericKubernetesResources("v1", "ConfigMap");
                client.rbac();
                client.apiextensions().v1().customResourceDefinitions();
            }
        } catch (RuntimeException | LinkageError e) {
            // only an optimisation
        }
    }
}
