package dev.envtest.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import dev.envtest.junit.EnvtestClient;
import dev.envtest.junit.EnvtestExtension;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin kubeconfig the start goal exported works with the fabric8 client, with TLS verified. */
@ExtendWith(EnvtestExtension.class)
class NamespaceIT {

    private final Envtest envtest = Envtest.load();

    @Test
    void createsAndReadsANamespaceThroughTheExportedKubeconfig(@EnvtestClient KubernetesClient client) throws Exception {
        String kubeconfig = Files.readString(envtest.kubeconfig());
        assertFalse(kubeconfig.contains("insecure-skip-tls-verify"), "the kubeconfig must verify TLS");
        Config config = client.getConfiguration();
        assertFalse(config.isTrustCerts(), "fabric8 must not trust all certificates");
        assertEquals(envtest.url() + "/", config.getMasterUrl());
        String name = "it-foundation-" + Long.toHexString(System.nanoTime());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("created-by", "it-foundation").endMetadata().build()).create();

        Namespace read = client.namespaces().withName(name).get();
        assertEquals(name, read.getMetadata().getName());
        assertEquals("it-foundation", read.getMetadata().getLabels().get("created-by"));
        assertTrue(client.namespaces().list().getItems().stream().anyMatch(n -> n.getMetadata().getName().equals("kube-system")));
    }

    @Test
    void exportsEveryDocumentedKeyAsPathsThatExist() {
        for (String key : new String[] {"envtest.kubeconfig", "envtest.container.kubeconfig", "envtest.ca",
                "envtest.admin.certificate", "envtest.admin.key"}) {
            assertTrue(Files.isRegularFile(Path.of(envtest.property(key))), key + " names a file");
        }
        assertEquals("https", envtest.url().getScheme());
        assertEquals(envtest.containerHost(), envtest.containerUrl().getHost());
        assertEquals(envtest.property("envtest.port"), Integer.toString(envtest.containerUrl().getPort()));
    }
}
