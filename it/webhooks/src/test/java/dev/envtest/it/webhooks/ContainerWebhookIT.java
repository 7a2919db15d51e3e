package dev.envtest.it.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The webhook container's validating and mutating webhooks, configured by the unchanged kubebuilder-style
 * manifests (clientConfig.service webhook-service, empty caBundle), called by the API server with TLS verified.
 */
class ContainerWebhookIT {

    private static final String NAMESPACE = "webhook-test";

    private static ConfigMap configMap(String name, String deny) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("deny", deny)
                .endMetadata().addToData("k", "v").build();
    }

    @Test
    void aConfigMapLabelledDenyIsRejectedWithTheWebhooksMessage() {
        String name = "denied-" + UUID.randomUUID().toString().substring(0, 8);
        try (KubernetesClient client = Clients.writer()) {
            KubernetesClientException e = assertThrows(KubernetesClientException.class,
                    () -> client.configMaps().inNamespace(NAMESPACE).resource(configMap(name, "true")).create());
            assertEquals(403, e.getCode(), e.getMessage());
            assertTrue(e.getMessage().contains("admission webhook \"vconfigmap.webhooks.envtest.dev\" denied the request"), e.getMessage());
            assertTrue(e.getMessage().contains("envtest fixture webhook denies ConfigMap " + NAMESPACE + "/" + name
                    + ": it is labelled deny=true"), e.getMessage());
            assertEquals(null, client.configMaps().inNamespace(NAMESPACE).withName(name).get(), "the denied ConfigMap does not exist");
        }
    }

    @Test
    void anAllowedConfigMapIsMutatedAndTheWebhookSawTheServiceAccount() throws IOException {
        String name = "allowed-" + UUID.randomUUID().toString().substring(0, 8);
        try (KubernetesClient client = Clients.writer()) {
            ConfigMap created = client.configMaps().inNamespace(NAMESPACE).resource(configMap(name, "false")).create();
            assertEquals("true", created.getMetadata().getLabels().get("webhook.envtest.dev/mutated"), "the mutating webhook's label");
            assertEquals("false", created.getMetadata().getLabels().get("deny"), "the object's own label is kept");
            // the mutating webhook copies the AdmissionReview's userInfo.username into an annotation
            assertEquals("system:serviceaccount:default:writer",
                    created.getMetadata().getAnnotations().get("webhook.envtest.dev/requested-by"));
            ConfigMap read = client.configMaps().inNamespace(NAMESPACE).withName(name).get();
            assertEquals("true", read.getMetadata().getLabels().get("webhook.envtest.dev/mutated"), "stored as mutated");
        }
        // and the webhook's own log (target/envtest/logs/webhook.log, followed as the container writes it) has the
        // user on the validating webhook's line
        String line = "webhook=validate operation=CREATE kind=ConfigMap namespace=" + NAMESPACE + " name=" + name
                + " user=system:serviceaccount:default:writer allowed=true";
        String log = "";
        for (int i = 0; i < 100 && !log.contains(line); i++) {
            log = Files.readString(Clients.path("envtest.containers.webhook.log"));
            sleep(100);
        }
        assertTrue(log.contains(line), "the webhook logged the request with its user: " + log);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void webhookPropertiesNameTheUrlTheApiServerDials() {
        String port = Clients.property("envtest.webhooks.webhook.port");
        assertEquals("https://127.0.0.1:" + port, Clients.property("envtest.webhooks.webhook.url"));
        assertEquals(Clients.property("envtest.containers.webhook.port.9443"), port, "the published port of 9443");
        try (KubernetesClient admin = Clients.admin()) {
            var config = admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("validating-webhook-configuration").get();
            var clientConfig = config.getWebhooks().get(0).getClientConfig();
            assertEquals("https://127.0.0.1:" + port + "/validate", clientConfig.getUrl());
            assertEquals(null, clientConfig.getService());
            assertTrue(clientConfig.getCaBundle() != null && !clientConfig.getCaBundle().isEmpty(), "caBundle set to the run's CA");
            assertEquals("Fail", config.getWebhooks().get(0).getFailurePolicy(), "failurePolicy as written");
        }
    }
}
