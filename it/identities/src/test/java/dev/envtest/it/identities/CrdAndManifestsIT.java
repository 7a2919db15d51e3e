package dev.envtest.it.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.EnvtestClient;
import dev.envtest.junit.EnvtestExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CRD from crdDirectories is Established; the manifests (placeholders resolved) were applied server-side. */
@ExtendWith(EnvtestExtension.class)
class CrdAndManifestsIT {

    private static final ResourceDefinitionContext CONFIGS = new ResourceDefinitionContext.Builder()
            .withGroup("storage.envtest.dev").withVersion("v1").withPlural("datastorageconfigs").withKind("DataStorageConfig")
            .withNamespaced(true).build();
    @EnvtestClient
    static KubernetesClient admin;

    @Test
    void crdIsEstablished() {
        CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().withName("datastorageconfigs.storage.envtest.dev").get();
        assertNotNull(crd, "CRD from crdDirectories");
        assertTrue(crd.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")),
                crd.getStatus().getConditions().toString());
    }

    @Test
    void customResourceFromManifestsExistsWithPlaceholdersResolved() {
        GenericKubernetesResource config = admin.genericKubernetesResources(CONFIGS).inNamespace("default").withName("default-config").get();
        assertNotNull(config, "the custom resource from manifests");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) config.getAdditionalProperties().get("spec");
        assertEquals("data-storage-service", spec.get("serviceName"));
        assertEquals(8080, spec.get("port"), "a placeholder in an integer field becomes an integer");
        assertTrue(config.getMetadata().getManagedFields().stream().anyMatch(f -> f.getManager().equals("envtest-maven-plugin")
                && f.getOperation().equals("Apply")), "applied server-side by the plugin's field manager");
    }

    @Test
    void placeholderServiceExists() {
        Service service = admin.services().inNamespace("default").withName("data-storage-service").get();
        assertNotNull(service);
        assertEquals("ClusterIP", service.getSpec().getType());
        assertEquals(8080, service.getSpec().getPorts().get(0).getPort());
        assertTrue(service.getMetadata().getLabels().get("app.kubernetes.io/version").matches("\\d+\\.\\d+\\.\\d+.*"),
                "${project.version} was resolved: " + service.getMetadata().getLabels());
    }

    @Test
    void theServiceAccountCanReadItsCrdWithItsOwnKubeconfig(@EnvtestClient("data-storage-sa") KubernetesClient sa) {
        List<GenericKubernetesResource> items = sa.genericKubernetesResources(CONFIGS).inNamespace("default").list().getItems();
        assertEquals(List.of("default-config"), items.stream().map(i -> i.getMetadata().getName()).toList());
    }
}
