package dev.envtest.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.it.support.EnvtestProperties;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The admin kubeconfig the start goal exported works with the fabric8 client, with TLS verified. */
class NamespaceIT {

    private final EnvtestProperties envtest = EnvtestProperties.load();

    @Test
    void createsAndReadsANamespaceThroughTheExportedKubeconfig() throws Exception {
        String kubeconfig = Files.readString(envtest.path("envtest.kubeconfig"));
        assertFalse(kubeconfig.contains("insecure-skip-tls-verify"), "the kubeconfig must verify TLS");
        Config config = Config.fromKubeconfig(kubeconfig);
        assertFalse(config.isTrustCerts(), "fabric8 must not trust all certificates");
        assertEquals(envtest.get("envtest.url") + "/", config.getMasterUrl());

        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            String name = "it-foundation-" + Long.toHexString(System.nanoTime());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("created-by", "it-foundation").endMetadata().build()).create();

            Namespace read = client.namespaces().withName(name).get();
            assertEquals(name, read.getMetadata().getName());
            assertEquals("it-foundation", read.getMetadata().getLabels().get("created-by"));
            assertTrue(client.namespaces().list().getItems().stream().anyMatch(n -> n.getMetadata().getName().equals("kube-system")));
        }
    }

    @Test
    void exportsEveryDocumentedKeyAsPathsThatExist() {
        for (String key : new String[] {"envtest.kubeconfig", "envtest.container.kubeconfig", "envtest.ca",
                "envtest.admin.certificate", "envtest.admin.key"}) {
            assertTrue(Files.isRegularFile(envtest.path(key)), key + " names a file");
        }
        assertTrue(envtest.get("envtest.url").startsWith("https://"));
        assertTrue(envtest.get("envtest.container.url").startsWith("https://" + envtest.get("envtest.container.host") + ":"));
        assertTrue(envtest.get("envtest.container.url").endsWith(":" + envtest.get("envtest.port")));
    }
}
