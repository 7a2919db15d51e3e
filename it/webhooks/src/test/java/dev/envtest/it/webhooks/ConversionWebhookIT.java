package dev.envtest.it.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CRD's conversion webhook on the container: an object written in one version reads back in the other. */
class ConversionWebhookIT {

    private static ResourceDefinitionContext version(String v) {
        return new ResourceDefinitionContext.Builder().withGroup("fixtures.envtest.dev").withVersion(v).withKind("Widget")
                .withPlural("widgets").withNamespaced(true).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @Test
    void writtenAsV1ReadAsV2() {
        try (KubernetesClient admin = Clients.admin()) {
            GenericKubernetesResource v1 = new GenericKubernetesResourceBuilder().withApiVersion("fixtures.envtest.dev/v1")
                    .withKind("Widget").withNewMetadata().withName("written-v1").withNamespace("default").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("replicas", 3, "colour", "red")).build();
            admin.genericKubernetesResources(version("v1")).inNamespace("default").resource(v1).create();
            GenericKubernetesResource asV2 = admin.genericKubernetesResources(version("v2")).inNamespace("default").withName("written-v1").get();
            assertEquals("fixtures.envtest.dev/v2", asV2.getApiVersion());
            assertEquals(Map.of("replicas", 3), spec(asV2).get("scale"), "v1 spec.replicas is v2 spec.scale.replicas");
            assertNull(spec(asV2).get("replicas"));
            assertEquals("red", spec(asV2).get("colour"));
        }
    }

    @Test
    void writtenAsV2ReadAsV1() {
        try (KubernetesClient admin = Clients.admin()) {
            GenericKubernetesResource v2 = new GenericKubernetesResourceBuilder().withApiVersion("fixtures.envtest.dev/v2")
                    .withKind("Widget").withNewMetadata().withName("written-v2").withNamespace("default").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("scale", Map.of("replicas", 5))).build();
            admin.genericKubernetesResources(version("v2")).inNamespace("default").resource(v2).create();
            GenericKubernetesResource asV1 = admin.genericKubernetesResources(version("v1")).inNamespace("default").withName("written-v2").get();
            assertEquals("fixtures.envtest.dev/v1", asV1.getApiVersion());
            assertEquals(5, spec(asV1).get("replicas"), "v2 spec.scale.replicas is v1 spec.replicas");
            assertNull(spec(asV1).get("scale"));
        }
    }
}
